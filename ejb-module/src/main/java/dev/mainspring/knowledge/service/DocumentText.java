package dev.mainspring.knowledge.service;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of an uploaded file, by its name's extension: {@code .txt} and {@code .md} as UTF-8,
 * {@code .json} (one JSON value) and {@code .jsonl} (one per line) checked and kept as written, and
 * {@code .pdf} through PDFBox as one logical document. What cannot be read fails with a 400 and a
 * stable code: {@code unsupported_file_type}, {@code unreadable_file}, {@code pdf_encrypted},
 * {@code pdf_without_text} (a scan or image-only PDF: OCR is not part of this slice).
 */
public final class DocumentText {

  /** The extracted text and the media type it came as. */
  public record Extracted(String text, String mediaType) {}

  private DocumentText() {}

  public static Extracted extract(String fileName, byte[] content) {
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    return switch (extension) {
      case "txt" -> new Extracted(utf8(content), "text/plain");
      case "md" -> new Extracted(utf8(content), "text/markdown");
      case "json" -> new Extracted(json(utf8(content)), "application/json");
      case "jsonl" -> new Extracted(jsonLines(utf8(content)), "application/jsonl");
      case "pdf" -> new Extracted(pdf(content), "application/pdf");
      default ->
          throw new InvalidRequestException(
              "unsupported_file_type",
              "file "
                  + fileName
                  + ": only .txt, .md, .json, .jsonl and .pdf files can be uploaded");
    };
  }

  private static String utf8(byte[] content) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
      if (text.indexOf('\0') >= 0) {
        throw unreadable("the file contains NUL characters");
      }
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw unreadable("the file is not UTF-8 text");
    }
  }

  private static String json(String text) {
    try (JsonReader reader = Jsons.reader(text)) {
      reader.readValue();
    } catch (JsonException | IllegalStateException e) {
      throw unreadable("the file is not valid JSON");
    }
    return text;
  }

  private static String jsonLines(String text) {
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try (JsonReader reader = Jsons.reader(lines[i])) {
        reader.readValue();
      } catch (JsonException | IllegalStateException e) {
        throw unreadable("line " + (i + 1) + " of the file is not valid JSON");
      }
    }
    return text;
  }

  private static String pdf(byte[] content) {
    try (PDDocument document = Loader.loadPDF(content)) {
      if (document.isEncrypted()) {
        throw encrypted();
      }
      // PostgreSQL text cannot hold NUL, which a PDF's broken font mapping may produce.
      String text = new PDFTextStripper().getText(document).replace("\0", "");
      if (text.isBlank()) {
        throw new InvalidRequestException(
            "pdf_without_text",
            "the PDF has no extractable text (a scan or images only); OCR is not supported");
      }
      return text;
    } catch (InvalidPasswordException e) {
      throw encrypted();
    } catch (IOException e) {
      throw unreadable("the file is not a readable PDF");
    }
  }

  private static InvalidRequestException encrypted() {
    return new InvalidRequestException("pdf_encrypted", "the PDF is encrypted");
  }

  private static InvalidRequestException unreadable(String message) {
    return new InvalidRequestException("unreadable_file", message);
  }
}
