/** Thread use cases: start, read and list threads, alone or within a project. */
package dev.mainspring.conversation.service;
