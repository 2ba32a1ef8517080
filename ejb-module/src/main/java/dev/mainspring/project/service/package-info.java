/** Project use cases: create, read, list, change and delete projects. */
package dev.mainspring.project.service;
