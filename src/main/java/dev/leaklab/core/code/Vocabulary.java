package dev.leaklab.core.code;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token vocabulary: id 0 is padding, id 1 stands for any unknown token, the rest are tokens ordered by
 * falling frequency (ties by text), so the same corpus always gives the same ids. Immutable.
 */
public final class Vocabulary {

    /** The padding token, id {@value #PAD_ID}. */
    public static final String PAD = "<pad>";
    /** The unknown token, id {@value #UNK_ID}. */
    public static final String UNK = "<unk>";
    /** Id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** Id of {@link #UNK}. */
    public static final int UNK_ID = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = Collections.unmodifiableList(tokens);
        Map<String, Integer> map = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            map.put(tokens.get(i), i);
        }
        this.ids = map;
    }

    /**
     * Builds a vocabulary from token sequences.
     *
     * @param sequences     the corpus, one token list a sample
     * @param minFrequency  tokens seen fewer times are left out (they map to {@link #UNK})
     * @param maxSize       at most this many entries, padding and unknown included (at least 2)
     */
    public static Vocabulary build(Iterable<? extends List<String>> sequences, int minFrequency, int maxSize) {
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, was " + minFrequency);
        }
        if (maxSize < 2) {
            throw new IllegalArgumentException("maxSize must be >= 2, was " + maxSize);
        }
        Map<String, int[]> counts = new HashMap<>();
        for (List<String> sequence : sequences) {
            for (String token : sequence) {
                counts.computeIfAbsent(token, k -> new int[1])[0]++;
            }
        }
        counts.remove(PAD);
        counts.remove(UNK);
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue()[0] < minFrequency);
        entries.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        List<String> tokens = new ArrayList<>(Math.min(entries.size() + 2, maxSize));
        tokens.add(PAD);
        tokens.add(UNK);
        for (Map.Entry<String, int[]> e : entries) {
            if (tokens.size() >= maxSize) {
                break;
            }
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokens);
    }

    /** Rebuilds a vocabulary from its tokens in id order, as saved by {@link #tokens()}. */
    public static Vocabulary of(List<String> tokensInIdOrder) {
        if (tokensInIdOrder.size() < 2 || !PAD.equals(tokensInIdOrder.get(PAD_ID))
                || !UNK.equals(tokensInIdOrder.get(UNK_ID))) {
            throw new IllegalArgumentException("a vocabulary starts with " + PAD + " and " + UNK);
        }
        if (tokensInIdOrder.stream().distinct().count() != tokensInIdOrder.size()) {
            throw new IllegalArgumentException("a vocabulary has no duplicate tokens");
        }
        return new Vocabulary(new ArrayList<>(tokensInIdOrder));
    }

    /** The id of {@code token}, or {@link #UNK_ID}. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        return tokens.get(id);
    }

    /** Number of entries, padding and unknown included. */
    public int size() {
        return tokens.size();
    }

    /** All tokens in id order. */
    public List<String> tokens() {
        return tokens;
    }
}
