package dev.mainspring.knowledge.api;

import dev.mainspring.platform.error.MainspringException;

/** An uploaded file larger than {@code mainspring.context.max-upload-bytes}: 413. */
class UploadTooLargeException extends MainspringException {

  private static final long serialVersionUID = 1L;

  UploadTooLargeException(long limit) {
    super("upload_too_large", "the file is larger than the upload limit of " + limit + " bytes");
  }

  @Override
  public int status() {
    return 413;
  }

  @Override
  public String title() {
    return "Content Too Large";
  }
}
