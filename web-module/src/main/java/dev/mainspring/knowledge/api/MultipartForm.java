package dev.mainspring.knowledge.api;

import dev.mainspring.platform.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), read whole: the parts with their field name, file
 * name (when the part is a file) and bytes. Small on purpose: uploads are size-limited and read
 * into memory anyway, and it keeps the upload independent of the container's multipart support. A
 * body that is not well-formed is 400 {@code invalid_multipart}.
 */
final class MultipartForm {

  /** One part: its form field name, its file name (null for a plain field), its content. */
  record Part(String name, String fileName, byte[] content) {}

  private static final Pattern BOUNDARY =
      Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
  private static final Pattern FILE_NAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

  private MultipartForm() {}

  static List<Part> parse(String contentType, byte[] body) {
    Matcher boundaryMatch = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
        || !boundaryMatch.find()) {
      throw invalid("the body must be multipart/form-data with a boundary");
    }
    String boundary =
        boundaryMatch.group(1) != null ? boundaryMatch.group(1) : boundaryMatch.group(2);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] between = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw invalid("the body has no part");
    }
    List<Part> parts = new ArrayList<>();
    int position = at + delimiter.length;
    while (true) {
      if (startsWith(body, position, "--")) {
        return parts;
      }
      if (!startsWith(body, position, "\r\n")) {
        throw invalid("a boundary line is not followed by a line break");
      }
      int headersStart = position + 2;
      int headersEnd =
          indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      if (headersEnd < 0) {
        throw invalid("a part's headers do not end");
      }
      String headers =
          new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + 4;
      int contentEnd = indexOf(body, between, contentStart);
      if (contentEnd < 0) {
        throw invalid("the body does not end with its closing boundary");
      }
      parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
      position = contentEnd + between.length;
    }
  }

  private static Part part(String headers, byte[] content) {
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        Matcher name = NAME.matcher(line);
        Matcher fileName = FILE_NAME.matcher(line);
        return new Part(
            name.find() ? name.group(1) : null,
            fileName.find() ? fileName.group(1) : null,
            content);
      }
    }
    throw invalid("a part has no Content-Disposition header");
  }

  private static boolean startsWith(byte[] body, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (at + bytes.length > body.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (body[at + i] != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    outer:
    for (int i = from; i <= body.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_multipart", message);
  }
}
