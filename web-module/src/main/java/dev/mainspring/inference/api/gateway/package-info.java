/**
 * The model call's doors: the OpenAI-compatible gateway (errors in OpenAI's shape), document C's
 * inference endpoints, the models a caller may use and users' model settings.
 */
package dev.mainspring.inference.api.gateway;
