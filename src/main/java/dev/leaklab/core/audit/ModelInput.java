package dev.leaklab.core.audit;

import dev.leaklab.core.InputException;
import dev.leaklab.core.Json;
import dev.leaklab.core.code.bpe.ByteLevelBpe;
import dev.leaklab.core.data.NormalizedSample;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an imported model reads code: token ids from a vocabulary, as the model was trained with. Either a
 * vocabulary JSON of normalised tokens (VulDeePecker's and SySeVR's way: {@code VAR1}, {@code FUN1},
 * keywords, operators, library names, as LeakLab's normaliser writes them), or a byte-level BPE
 * ({@code vocab.json} and {@code merges.txt}) over the raw code with {@code <s>} and {@code </s>}, as
 * CodeBERT-style models read it.
 */
public interface ModelInput {

    /** Vocabularies larger than this are refused: real ones hold tens of thousands of tokens. */
    int MAX_VOCABULARY = 10_000_000;

    /** The token ids of a sample, at most {@code maxLength} of them, not padded. */
    int[] encode(NormalizedSample sample, int maxLength);

    /** The id that pads a sequence. */
    int padId();

    /** One more than the largest id the vocabulary gives. */
    int size();

    /** What the input is, for messages and results. */
    String description();

    /**
     * A vocabulary JSON ({@code {"<pad>": 0, "<unk>": 1, "VAR1": 2, ...}}) over normalised tokens. The padding
     * token is {@code <pad>} (or {@code PAD}, {@code [PAD]}; id 0 when none is listed), the unknown token
     * {@code <unk>} (or {@code UNK}, {@code [UNK]}); a vocabulary without one is refused, as unseen tokens
     * would have no id.
     *
     * @throws InputException naming the file and line when it is not such a JSON object
     */
    static ModelInput vocabulary(Path file) throws InputException {
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> tokens = new HashMap<>();
        try (JsonParser parser = Json.mapper().getFactory().createParser(Files.newInputStream(file))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(file, 1, "a vocabulary is one JSON object from token to index", null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String token = parser.currentName();
                long line = parser.currentLocation().getLineNr();
                if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new InputException(file, line, "the index of token " + InputException.quote(token, 40)
                            + " is not a whole number", null);
                }
                long id = parser.getLongValue();
                if (id < 0 || id >= MAX_VOCABULARY) {
                    throw new InputException(file, line, "token " + InputException.quote(token, 40) + " has index "
                            + id + ": indexes run from 0 to " + (MAX_VOCABULARY - 1), null);
                }
                String other = tokens.putIfAbsent((int) id, token);
                if (other != null) {
                    throw new InputException(file, line, "tokens " + InputException.quote(other, 40) + " and "
                            + InputException.quote(token, 40) + " share index " + id, null);
                }
                if (ids.put(token, (int) id) != null) {
                    throw new InputException(file, line, "token " + InputException.quote(token, 40)
                            + " is listed twice", null);
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InputException(file, parser.currentLocation().getLineNr(), "a vocabulary is one JSON "
                        + "object from token to index, and nothing after it", null);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file, 0, "no such file", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not a vocabulary JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        if (ids.isEmpty()) {
            throw new InputException(file, 0, "the vocabulary is empty", null);
        }
        Integer unk = first(ids, "<unk>", "UNK", "[UNK]", "<UNK>");
        if (unk == null) {
            throw new InputException(file, 0, "the vocabulary has no unknown token (<unk>, UNK or [UNK]): a token it "
                    + "does not list would have no index", null);
        }
        Integer pad = first(ids, "<pad>", "PAD", "[PAD]", "<PAD>");
        int padId = pad == null ? 0 : pad;
        int unkId = unk;
        int size = tokens.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        String description = "vocabulary " + file.getFileName() + " (" + ids.size() + " normalised tokens)";
        return new ModelInput() {
            @Override
            public int[] encode(NormalizedSample sample, int maxLength) {
                List<String> t = sample.tokens();
                int n = Math.min(t.size(), maxLength);
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = ids.getOrDefault(t.get(i), unkId);
                }
                return out;
            }

            @Override
            public int padId() {
                return padId;
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /**
     * A byte-level BPE over the raw code, {@code <s>} first and {@code </s>} last, padded with {@code <pad>}.
     *
     * @throws InputException naming the file and line when either file is not a Hugging Face tokenizer file
     */
    static ModelInput bpe(Path vocabJson, Path mergesTxt) throws InputException {
        ByteLevelBpe bpe = ByteLevelBpe.load(vocabJson, mergesTxt);
        String description = "byte-level BPE " + vocabJson.getFileName() + " + " + mergesTxt.getFileName() + " ("
                + bpe.vocabSize() + " tokens)";
        return new ModelInput() {
            @Override
            public int[] encode(NormalizedSample sample, int maxLength) {
                return bpe.encodeForModel(sample.sample().code(), maxLength);
            }

            @Override
            public int padId() {
                return Math.max(0, bpe.padId());
            }

            @Override
            public int size() {
                return bpe.vocabSize();
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    private static Integer first(Map<String, Integer> ids, String... names) {
        for (String n : names) {
            if (ids.containsKey(n)) {
                return ids.get(n);
            }
        }
        return null;
    }
}
