package dev.leaklab.core.code.bpe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.leaklab.core.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte-level BPE tokenizer of GPT-2 and RoBERTa (hence CodeBERT), as in OpenAI's {@code encoder.py} and
 * Hugging Face's {@code ByteLevelBPETokenizer} with {@code add_prefix_space=false}: text is split by GPT-2's
 * pre-tokenisation pattern, each piece's UTF-8 bytes become printable symbols, and adjacent symbols are merged
 * lowest rank first. Because every byte has a symbol, {@code decode(encode(s))} gives {@code s} back for any
 * string without unpaired surrogates.
 *
 * <p>Special tokens are never recognised inside text: source code that happens to contain {@code </s>} is
 * tokenised as the characters it is, so a sample cannot inject sequence structure. Only
 * {@link #encodeForModel} adds {@code <s>} and {@code </s>}.
 *
 * <p>Immutable and safe to share between threads; the word cache is bounded.
 */
public final class ByteLevelBpe {

    /** Beginning of sequence; RoBERTa's classification token. */
    public static final String BOS = "<s>";
    /** Padding. */
    public static final String PAD = "<pad>";
    /** End of sequence. */
    public static final String EOS = "</s>";
    /** Unknown token (byte-level BPE only needs it for hand-written vocabularies). */
    public static final String UNK = "<unk>";
    /** Masked-language-model mask. */
    public static final String MASK = "<mask>";
    /** The special tokens in the id order RoBERTa gives them, 0 to 4; {@link #train} uses the same. */
    public static final List<String> SPECIAL_TOKENS = List.of(BOS, PAD, EOS, UNK, MASK);

    /** GPT-2's pre-tokenisation pattern; {@code \s} is Unicode white space, as in Python's regex module. */
    static final Pattern PRE_TOKENIZER = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** Largest id accepted from a vocabulary file; guards the id-to-token table against a hostile file. */
    static final int MAX_ID = 1_000_000;

    private static final int CACHE_CAPACITY = 10_000;
    private static final int MAX_CACHED_PIECE = 64;
    private static final String MERGES_HEADER = "#version: 0.2";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Map<String, Integer> ids;
    private final String[] tokensById;
    private final String[] mergeLeft;
    private final String[] mergeRight;
    /** {@code left + ' ' + right} to rank; merge parts never contain a space, as merges.txt splits on it. */
    private final Map<String, Integer> mergeRanks;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final int unkId;
    private final Map<String, Word> cache = new ConcurrentHashMap<>();

    /** A pre-tokenised piece after BPE: its tokens (unknown ones already replaced or dropped) and their ids. */
    private record Word(String[] tokens, int[] ids) {
    }

    /**
     * @param ids    token to id; every merge part and merge result must be in it
     * @param merges merge pairs in rank order
     */
    private ByteLevelBpe(Map<String, Integer> ids, List<String[]> merges) {
        this.ids = Map.copyOf(ids);
        int maxId = -1;
        for (int id : ids.values()) {
            maxId = Math.max(maxId, id);
        }
        this.tokensById = new String[maxId + 1];
        ids.forEach((token, id) -> tokensById[id] = token);
        this.mergeLeft = new String[merges.size()];
        this.mergeRight = new String[merges.size()];
        Map<String, Integer> ranks = new HashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            mergeLeft[rank] = merges.get(rank)[0];
            mergeRight[rank] = merges.get(rank)[1];
            // why: a repeated pair takes its later rank, as in encoder.py's dict() and Hugging Face's HashMap
            ranks.put(mergeLeft[rank] + ' ' + mergeRight[rank], rank);
        }
        this.mergeRanks = ranks;
        this.bosId = ids.getOrDefault(BOS, -1);
        this.eosId = ids.getOrDefault(EOS, -1);
        this.padId = ids.getOrDefault(PAD, -1);
        this.unkId = ids.getOrDefault(UNK, -1);
    }

    /**
     * Reads a Hugging Face tokenizer: {@code vocab.json} maps each token to its id, {@code merges.txt} lists
     * one merge pair {@code a b} a line in rank order after an optional {@code #version} line.
     *
     * @throws TokenizerException naming the file and, where known, the line, if either file is unreadable
     *                            or malformed, or a merge uses a token the vocabulary lacks
     */
    public static ByteLevelBpe load(Path vocabJson, Path mergesTxt) throws TokenizerException {
        Map<String, Integer> ids = readVocab(vocabJson);
        List<String[]> merges = readMerges(mergesTxt, ids);
        return new ByteLevelBpe(ids, merges);
    }

    private static Map<String, Integer> readVocab(Path file) throws TokenizerException {
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> tokens = new HashMap<>();
        try (JsonParser parser = JSON.createParser(Files.newInputStream(file))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerException(file, line(parser), "expected a JSON object mapping tokens to ids",
                        null);
            }
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String token = parser.currentName();
                JsonToken value = parser.nextToken();
                long line = line(parser);
                if (value != JsonToken.VALUE_NUMBER_INT) {
                    throw new TokenizerException(file, line, "the id of token " + quote(token)
                            + " is not an integer", null);
                }
                long id = parser.getLongValue();
                if (id < 0 || id > MAX_ID) {
                    throw new TokenizerException(file, line, "the id of token " + quote(token) + " is " + id
                            + ", outside 0.." + MAX_ID, null);
                }
                String other = tokens.putIfAbsent((int) id, token);
                if (other != null) {
                    throw new TokenizerException(file, line, "id " + id + " is given to both " + quote(other)
                            + " and " + quote(token), null);
                }
                ids.put(token, (int) id);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new TokenizerException(file, line(parser), "expected a JSON object mapping tokens to ids",
                        null);
            }
            if (parser.nextToken() != null) {
                throw new TokenizerException(file, line(parser), "unexpected content after the JSON object", null);
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new TokenizerException(file, line, "not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new TokenizerException(file, 0, "cannot read: " + describe(e), e);
        }
        if (ids.isEmpty()) {
            throw new TokenizerException(file, 0, "the vocabulary is empty", null);
        }
        return ids;
    }

    private static List<String[]> readMerges(Path file, Map<String, Integer> ids) throws TokenizerException {
        List<String[]> merges = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.startsWith("#version") || text.isEmpty()) {
                    continue;
                }
                int space = text.indexOf(' ');
                if (space <= 0 || space == text.length() - 1 || text.indexOf(' ', space + 1) >= 0) {
                    throw new TokenizerException(file, line,
                            "expected two tokens separated by one space, found " + quote(text), null);
                }
                String left = text.substring(0, space);
                String right = text.substring(space + 1);
                for (String part : new String[] {left, right, left + right}) {
                    if (!ids.containsKey(part)) {
                        throw new TokenizerException(file, line, "token " + quote(part)
                                + " of merge " + quote(text) + " is not in the vocabulary", null);
                    }
                }
                merges.add(new String[] {left, right});
            }
        } catch (CharacterCodingException e) {
            throw new TokenizerException(file, 0, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new TokenizerException(file, 0, "cannot read: " + describe(e), e);
        }
        return merges;
    }

    /**
     * Learns a tokenizer from a corpus with standard BPE over byte-level pre-tokenised words: ids 0 to 4 are
     * {@link #SPECIAL_TOKENS}, 5 to 260 the 256 byte symbols in code-point order, then each step merges the
     * adjacent pair seen most often (ties: the pair of smaller ids first) until the vocabulary has
     * {@code vocabSize} tokens or no pair is seen {@code minFrequency} times. The same corpus always gives the
     * same tokenizer.
     *
     * @param corpus       texts, e.g. one function each
     * @param vocabSize    target size, at least 261 (special tokens and byte symbols)
     * @param minFrequency a pair seen fewer times is not merged (at least 1)
     */
    public static ByteLevelBpe train(Iterable<String> corpus, int vocabSize, int minFrequency) {
        BpeTrainer.Result result = BpeTrainer.train(corpus, vocabSize, minFrequency);
        Map<String, Integer> ids = new HashMap<>(result.tokens().size() * 2);
        for (int i = 0; i < result.tokens().size(); i++) {
            ids.put(result.tokens().get(i), i);
        }
        return new ByteLevelBpe(ids, result.merges());
    }

    /**
     * Writes the tokenizer as Hugging Face files that {@link #load} and the {@code tokenizers} library read:
     * {@code vocab.json} in id order, {@code merges.txt} with a {@code #version: 0.2} line then the merges in
     * rank order. Each file is replaced atomically, so an interrupted save leaves the previous one readable.
     */
    public void save(Path vocabJson, Path mergesTxt) throws IOException {
        AtomicFiles files = AtomicFiles.standard();
        files.write(vocabJson, stream -> {
            try (JsonGenerator json = JSON.createGenerator(stream)) {
                json.writeStartObject();
                for (int id = 0; id < tokensById.length; id++) {
                    if (tokensById[id] != null) {
                        json.writeNumberField(tokensById[id], id);
                    }
                }
                json.writeEndObject();
            }
        });
        files.write(mergesTxt, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.write(MERGES_HEADER);
            out.write('\n');
            for (int rank = 0; rank < mergeLeft.length; rank++) {
                out.write(mergeLeft[rank]);
                out.write(' ');
                out.write(mergeRight[rank]);
                out.write('\n');
            }
            out.flush();
        });
    }

    /**
     * The ids of {@code text}'s tokens, without {@code <s>} or {@code </s>}. A symbol the vocabulary lacks
     * becomes {@code <unk>}, or is left out when there is no {@code <unk>} either (as in Hugging Face).
     */
    public int[] encode(String text) {
        int[] out = new int[Math.max(16, text.length() / 3)];
        int n = 0;
        Matcher pieces = PRE_TOKENIZER.matcher(text);
        while (pieces.find()) {
            int[] wordIds = word(pieces.group()).ids();
            if (n + wordIds.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + wordIds.length));
            }
            System.arraycopy(wordIds, 0, out, n, wordIds.length);
            n += wordIds.length;
        }
        return Arrays.copyOf(out, n);
    }

    /** The token strings {@link #encode} gives ids for, in byte-level form (a leading space shows as 'Ġ'). */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher pieces = PRE_TOKENIZER.matcher(text);
        while (pieces.find()) {
            Collections.addAll(out, word(pieces.group()).tokens());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The pieces GPT-2's pattern splits {@code text} into, before any byte mapping or merging; concatenated,
     * they give {@code text} back.
     */
    public static List<String> preTokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher pieces = PRE_TOKENIZER.matcher(text);
        while (pieces.find()) {
            out.add(pieces.group());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The text of the given ids. Every token is written out, special ones included ({@code <s>} gives the
     * text "&lt;s&gt;"), as Hugging Face's {@code decode} does by default; byte sequences that are not UTF-8
     * (a cut-off multi-byte character) become U+FFFD.
     *
     * @throws IllegalArgumentException for an id that is not in the vocabulary
     */
    public String decode(int[] ids) {
        StringBuilder symbols = new StringBuilder(ids.length * 4);
        for (int id : ids) {
            symbols.append(token(id));
        }
        return ByteLevelAlphabet.decode(symbols);
    }

    /**
     * The ids a RoBERTa model reads: {@code <s>}, the text's tokens, {@code </s>}, at most {@code maxLength}
     * in all; a longer text loses its last tokens, {@code </s>} stays last. Not padded.
     *
     * @param maxLength at least 2
     * @throws IllegalStateException when the vocabulary has no {@code <s>} or {@code </s>}
     */
    public int[] encodeForModel(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be >= 2 to hold <s> and </s>, was " + maxLength);
        }
        if (bosId < 0 || eosId < 0) {
            throw new IllegalStateException("the vocabulary has no " + (bosId < 0 ? BOS : EOS) + " token");
        }
        int[] body = encode(text);
        int kept = Math.min(body.length, maxLength - 2);
        int[] out = new int[kept + 2];
        out[0] = bosId;
        System.arraycopy(body, 0, out, 1, kept);
        out[kept + 1] = eosId;
        return out;
    }

    /** The id of {@code token}, or -1 when the vocabulary lacks it. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    /**
     * The token with id {@code id}.
     *
     * @throws IllegalArgumentException for an id that is not in the vocabulary
     */
    public String token(int id) {
        if (id < 0 || id >= tokensById.length || tokensById[id] == null) {
            throw new IllegalArgumentException("id " + id + " is not in the vocabulary");
        }
        return tokensById[id];
    }

    /** Id of {@code <pad>}, or -1 when the vocabulary lacks it. */
    public int padId() {
        return padId;
    }

    /** Id of {@code <s>}, or -1 when the vocabulary lacks it. */
    public int bosId() {
        return bosId;
    }

    /** Id of {@code </s>}, or -1 when the vocabulary lacks it. */
    public int eosId() {
        return eosId;
    }

    /** Id of {@code <unk>}, or -1 when the vocabulary lacks it. */
    public int unkId() {
        return unkId;
    }

    /** Largest id plus one: the rows an embedding table needs (the number of tokens when ids have no gaps). */
    public int vocabSize() {
        return tokensById.length;
    }

    /** Number of merge rules. */
    public int mergeCount() {
        return mergeLeft.length;
    }

    private Word word(String piece) {
        Word cached = cache.get(piece);
        if (cached != null) {
            return cached;
        }
        Word word = toIds(bpe(ByteLevelAlphabet.encode(piece)));
        // why: stop filling rather than evict, as Hugging Face does, so the map needs no locking; long pieces
        // (a run of '=' or of spaces) are rare and would make the bound on entries no bound on memory
        if (piece.length() <= MAX_CACHED_PIECE && cache.size() < CACHE_CAPACITY) {
            cache.put(piece, word);
        }
        return word;
    }

    private Word toIds(List<String> symbols) {
        String[] tokens = new String[symbols.size()];
        int[] wordIds = new int[symbols.size()];
        int n = 0;
        for (String symbol : symbols) {
            Integer id = ids.get(symbol);
            if (id != null) {
                tokens[n] = symbol;
                wordIds[n++] = id;
            } else if (unkId >= 0) {
                tokens[n] = UNK;
                wordIds[n++] = unkId;
            }
        }
        return new Word(Arrays.copyOf(tokens, n), Arrays.copyOf(wordIds, n));
    }

    /**
     * Merges the symbols of one byte-level word. Same result as encoder.py's loop (merge every occurrence of
     * the lowest-rank pair, left to right, repeat), in O(n log n): a heap of (rank, position) candidates over
     * a linked list of symbols, where a candidate is skipped once either of its symbols has changed.
     */
    private List<String> bpe(String word) {
        int n = word.length();
        if (n == 0) {
            return List.of();
        }
        String[] symbols = new String[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = String.valueOf(word.charAt(i));
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Long> candidates = new PriorityQueue<>();
        for (int i = 0; i + 1 < n; i++) {
            offer(candidates, symbols, i, i + 1);
        }
        while (!candidates.isEmpty()) {
            long candidate = candidates.poll();
            int rank = (int) (candidate >>> 32);
            int left = (int) candidate;
            int right = symbols[left] == null ? -1 : next[left];
            if (right < 0 || !symbols[left].equals(mergeLeft[rank]) || !symbols[right].equals(mergeRight[rank])) {
                continue;
            }
            symbols[left] = symbols[left] + symbols[right];
            symbols[right] = null;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(candidates, symbols, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(candidates, symbols, left, next[left]);
            }
        }
        List<String> out = new ArrayList<>();
        // why: position 0 is never merged away, only ever grown, so the list always starts there
        for (int i = 0; i >= 0; i = next[i]) {
            out.add(symbols[i]);
        }
        return out;
    }

    private void offer(PriorityQueue<Long> candidates, String[] symbols, int left, int right) {
        Integer rank = mergeRanks.get(symbols[left] + ' ' + symbols[right]);
        if (rank != null) {
            candidates.add(((long) rank << 32) | left);
        }
    }

    private static long line(JsonParser parser) {
        return Math.max(0, parser.currentLocation().getLineNr());
    }

    private static String quote(String token) {
        return dev.leaklab.core.InputException.quote(token, 40);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }
}
