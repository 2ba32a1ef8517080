/**
 * The built-in embeddings model: all-MiniLM-L6-v2 (quantized ONNX) run in process with ONNX Runtime
 * and our own BERT WordPiece tokenizer, so embeddings work offline with nothing else installed
 * ({@link dev.mainspring.inference.service.embeddings.BuiltinEmbeddings}).
 */
package dev.mainspring.inference.service.embeddings;
