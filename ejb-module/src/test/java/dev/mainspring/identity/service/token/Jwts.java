package dev.mainspring.identity.service.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-made tokens, for the attacks a library would not let a test make the ordinary way. */
final class Jwts {

  private Jwts() {}

  static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String base64Url) {
    return new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
  }

  /** An unsecured JWT: {@code header.payload.} with an empty signature. */
  static String unsigned(String headerJson, String payloadJson) {
    return base64Url(headerJson) + "." + base64Url(payloadJson) + ".";
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** The token with its payload replaced by {@code payloadJson}, header and signature kept. */
  static String withPayload(String token, String payloadJson) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + base64Url(payloadJson) + "." + parts[2];
  }

  /** The token with one character in the middle of its signature changed. */
  static String withAlteredSignature(String token) {
    String[] parts = token.split("\\.");
    char[] signature = parts[2].toCharArray();
    int i = signature.length / 2;
    signature[i] = signature[i] == 'A' ? 'B' : 'A';
    return parts[0] + "." + parts[1] + "." + new String(signature);
  }
}
