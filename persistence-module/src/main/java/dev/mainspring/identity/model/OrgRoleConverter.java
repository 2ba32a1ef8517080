package dev.mainspring.identity.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link OrgRole} by its wire name, as the column's check constraint expects. */
@Converter(autoApply = true)
public class OrgRoleConverter implements AttributeConverter<OrgRole, String> {

  @Override
  public String convertToDatabaseColumn(OrgRole role) {
    return role == null ? null : role.wireName();
  }

  @Override
  public OrgRole convertToEntityAttribute(String value) {
    return value == null ? null : OrgRole.parse(value).orElseThrow();
  }
}
