/**
 * Knowledge bases of document C's Context Management and their schema profiles. Installation-wide
 * records managed by superadmins, like the model platform's providers and deployments: no
 * organization owns them (see docs/architecture.md).
 */
package dev.mainspring.knowledge.model;
