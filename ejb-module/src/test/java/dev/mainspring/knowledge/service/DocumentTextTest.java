package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class DocumentTextTest {

  @Test
  void textMarkdownAndJsonAreKeptAsWritten() {
    assertEquals("héllo", DocumentText.extract("a.TXT", utf8("\uFEFFhéllo")).text());
    assertEquals("text/markdown", DocumentText.extract("a.md", utf8("# x")).mediaType());
    assertEquals("[1,2]", DocumentText.extract("a.json", utf8("[1,2]")).text());
    assertEquals("{}\n\n[]", DocumentText.extract("a.jsonl", utf8("{}\n\n[]")).text());
  }

  @Test
  void aPdfsTextIsExtracted() throws IOException {
    assertTrue(
        DocumentText.extract("r.pdf", pdf("Glaciers move slowly", false))
            .text()
            .contains("Glaciers move slowly"));
  }

  @Test
  void unreadableFilesFailWithTheirCodes() throws IOException {
    assertCode("unsupported_file_type", "a.docx", utf8("x"));
    assertCode("unsupported_file_type", "noextension", utf8("x"));
    assertCode("unreadable_file", "a.txt", new byte[] {(byte) 0xC3});
    assertCode("unreadable_file", "a.txt", new byte[] {'a', 0, 'b'});
    assertCode("unreadable_file", "a.json", utf8("{"));
    assertCode("unreadable_file", "a.jsonl", utf8("{}\n{"));
    assertCode("unreadable_file", "a.pdf", utf8("%PDF-1.4 garbage"));
    assertCode("pdf_without_text", "a.pdf", pdf(null, false));
    assertCode("pdf_encrypted", "a.pdf", pdf("secret", true));
  }

  private static void assertCode(String code, String name, byte[] content) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> DocumentText.extract(name, content));
    assertEquals(code, e.code(), name);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] pdf(String text, boolean encrypted) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage();
      document.addPage(page);
      if (text != null) {
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(text);
          content.endText();
        }
      }
      if (encrypted) {
        StandardProtectionPolicy policy =
            new StandardProtectionPolicy("owner", "user", new AccessPermission());
        policy.setEncryptionKeyLength(128);
        document.protect(policy);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }
}
