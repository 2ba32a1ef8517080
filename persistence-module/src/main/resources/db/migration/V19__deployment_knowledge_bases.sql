-- Knowledge bases as vector_store binding resources of a deployment profile (issue 16; document
-- C: "deployments explicitly bind them as vector_store binding resources", ref_type
-- "knowledge_base"). The model-bearing capabilities keep their resources in
-- deployment_binding_models, whose foreign key names managed models; a vector_store binding's
-- resources are knowledge bases, so they get their own table with their own key. Deleting a
-- knowledge base unbinds it (cascade): a binding never names a knowledge base that is gone.
create table deployment_binding_knowledge_bases (
    binding_id         uuid not null references deployment_bindings (id) on delete cascade,
    knowledge_base_id  uuid not null references knowledge_bases (id) on delete cascade,
    position           integer not null
);
create index deployment_binding_kbs_binding_idx on deployment_binding_knowledge_bases (binding_id);
create index deployment_binding_kbs_kb_idx on deployment_binding_knowledge_bases (knowledge_base_id);
