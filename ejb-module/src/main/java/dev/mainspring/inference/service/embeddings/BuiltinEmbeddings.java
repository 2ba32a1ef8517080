package dev.mainspring.inference.service.embeddings;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The built-in sentence-embeddings model, all-MiniLM-L6-v2 (quantized), run in this process with
 * ONNX Runtime, so that embeddings work with no model server at all. A text's vector is the mean of
 * the model's last hidden state over its tokens, scaled to unit length, as sentence-transformers
 * computes it; texts longer than 256 word pieces are cut there. Each text runs through the model
 * alone, so its vector never depends on the other texts of a request. The model is loaded on first
 * use and then shared by all threads.
 */
@ApplicationScoped
public class BuiltinEmbeddings implements AutoCloseable {

  private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

  /** The max_seq_length sentence-transformers gives this model, [CLS] and [SEP] included. */
  static final int MAX_TOKENS = 256;

  /**
   * The most word pieces of text one input keeps ({@link #MAX_TOKENS} less [CLS] and [SEP]); a
   * knowledge base's chunks for this model must not be longer, or their ends would not be embedded.
   */
  public static final int MAX_TEXT_PIECES = MAX_TOKENS - 2;

  private static final int DIMENSIONS = 384;

  private volatile WordPieceTokenizer tokenizer;
  private volatile OrtSession session;

  public String modelName() {
    return "all-minilm-l6-v2";
  }

  public int dimensions() {
    return DIMENSIONS;
  }

  /** One unit-length vector of {@link #dimensions()} floats for each text, in the same order. */
  public List<float[]> embed(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      vectors.add(embedOne(text));
    }
    return vectors;
  }

  /**
   * How many word pieces {@code text} has, without {@code [CLS]} and {@code [SEP]} and before any
   * cut at {@link #MAX_TOKENS}: the count that usage is metered in.
   */
  public int countTokens(String text) {
    return tokenizer().tokenize(text).size();
  }

  /** Frees the native session; the environment is one per process and stays. */
  @PreDestroy
  @Override
  public synchronized void close() {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("could not close the embeddings model", e);
      } finally {
        session = null;
      }
    }
  }

  /**
   * Runs the model on one text alone. The model quantizes its activations with one scale per
   * tensor, computed at run time, so texts run together in a padded batch would shift each other's
   * vectors; alone, a text always gets the same vector, whatever else a request holds.
   */
  private float[] embedOne(String text) {
    long[] ids = tokenizer().encode(text, MAX_TOKENS);
    long[] mask = new long[ids.length];
    Arrays.fill(mask, 1L);
    long[] shape = {1, ids.length};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeTensor =
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
        OrtSession.Result result =
            session()
                .run(
                    Map.of(
                        "input_ids", idTensor,
                        "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
      OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
      return unitMean(hidden.getFloatBuffer(), ids.length);
    } catch (OrtException e) {
      throw new IllegalStateException("the embeddings model failed", e);
    }
  }

  /**
   * The mean of the hidden states of all {@code tokens} tokens, scaled to unit length. The sum
   * points the same way as the mean, so it is scaled directly.
   */
  private static float[] unitMean(FloatBuffer hidden, int tokens) {
    float[] vector = new float[DIMENSIONS];
    for (int t = 0; t < tokens; t++) {
      for (int d = 0; d < DIMENSIONS; d++) {
        vector[d] += hidden.get(t * DIMENSIONS + d);
      }
    }
    double squares = 0;
    for (float v : vector) {
      squares += (double) v * v;
    }
    float scale = (float) (1 / Math.max(Math.sqrt(squares), 1e-12));
    for (int d = 0; d < DIMENSIONS; d++) {
      vector[d] *= scale;
    }
    return vector;
  }

  private WordPieceTokenizer tokenizer() {
    WordPieceTokenizer loaded = tokenizer;
    if (loaded == null) {
      synchronized (this) {
        loaded = tokenizer;
        if (loaded == null) {
          try (InputStream json = resource(TOKENIZER_RESOURCE)) {
            loaded = WordPieceTokenizer.fromTokenizerJson(json);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          tokenizer = loaded;
        }
      }
    }
    return loaded;
  }

  private OrtSession session() {
    OrtSession loaded = session;
    if (loaded == null) {
      synchronized (this) {
        loaded = session;
        if (loaded == null) {
          try (InputStream model = resource(MODEL_RESOURCE);
              OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            loaded = OrtEnvironment.getEnvironment().createSession(model.readAllBytes(), options);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (OrtException e) {
            throw new IllegalStateException("could not load the embeddings model", e);
          }
          session = loaded;
        }
      }
    }
    return loaded;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = BuiltinEmbeddings.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is not on the classpath");
    }
    return in;
  }
}
