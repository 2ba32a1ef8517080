/** The tools an agent run may call, behind one registry; built-in tools need no outside service. */
package dev.mainspring.run.service.tool;
