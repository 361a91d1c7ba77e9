package dev.leaklab.core.code.bpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * BPE training as Hugging Face's {@code BpeTrainer} does it for byte-level models: words are counted once,
 * pair counts are kept up to date incrementally, and a lazily refreshed heap picks the most frequent pair,
 * so each merge costs time in proportion to the words it touches, not to the corpus.
 */
final class BpeTrainer {

    /** Tokens in id order, merges in rank order. */
    record Result(List<String> tokens, List<String[]> merges) {
    }

    /** A pair and the count it had when queued; stale once the pair's count has changed. */
    private record Candidate(long pair, long count) {
    }

    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> idOf = new HashMap<>();
    private final Map<Long, long[]> pairCounts = new HashMap<>();
    private final Map<Long, IntList> pairWords = new HashMap<>();
    private int[][] words;
    private long[] wordCounts;

    private BpeTrainer() {
    }

    static Result train(Iterable<String> corpus, int vocabSize, int minFrequency) {
        int floor = ByteLevelBpe.SPECIAL_TOKENS.size() + ByteLevelAlphabet.SIZE;
        if (vocabSize < floor) {
            throw new IllegalArgumentException("vocabSize must be at least " + floor
                    + " (5 special tokens and 256 byte symbols), was " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, was " + minFrequency);
        }
        return new BpeTrainer().run(corpus, vocabSize, minFrequency);
    }

    private Result run(Iterable<String> corpus, int vocabSize, int minFrequency) {
        ByteLevelBpe.SPECIAL_TOKENS.forEach(this::addToken);
        char[] alphabet = new char[ByteLevelAlphabet.SIZE];
        for (int b = 0; b < alphabet.length; b++) {
            alphabet[b] = ByteLevelAlphabet.charOf(b);
        }
        Arrays.sort(alphabet);
        for (char c : alphabet) {
            addToken(String.valueOf(c));
        }
        countWords(corpus);
        for (int w = 0; w < words.length; w++) {
            int[] symbols = words[w];
            for (int i = 0; i + 1 < symbols.length; i++) {
                long pair = pair(symbols[i], symbols[i + 1]);
                pairCounts.computeIfAbsent(pair, p -> new long[1])[0] += wordCounts[w];
                pairWords.computeIfAbsent(pair, p -> new IntList()).add(w);
            }
        }
        // why: most frequent first; among equals the smaller (left, right) ids, as Hugging Face breaks ties
        PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> a.count() != b.count()
                ? Long.compare(b.count(), a.count()) : Long.compare(a.pair(), b.pair()));
        pairCounts.forEach((pair, count) -> queue.add(new Candidate(pair, count[0])));

        List<String[]> merges = new ArrayList<>();
        while (tokens.size() < vocabSize && !queue.isEmpty()) {
            Candidate top = queue.poll();
            long[] current = pairCounts.get(top.pair());
            long count = current == null ? 0 : current[0];
            if (count != top.count()) {
                if (count > 0) {
                    queue.add(new Candidate(top.pair(), count));
                }
                continue;
            }
            if (count < minFrequency) {
                break;
            }
            int left = (int) (top.pair() >>> 32);
            int right = (int) top.pair();
            String merged = tokens.get(left) + tokens.get(right);
            Integer known = idOf.get(merged);
            int mergedId = known != null ? known : addToken(merged);
            merges.add(new String[] {tokens.get(left), tokens.get(right)});
            for (long changed : applyMerge(top.pair(), left, right, mergedId)) {
                long[] updated = pairCounts.get(changed);
                if (updated != null && updated[0] > 0) {
                    queue.add(new Candidate(changed, updated[0]));
                }
            }
        }
        return new Result(List.copyOf(tokens), merges);
    }

    /** Merges the pair in every word that has it; returns the pairs whose count went up. */
    private long[] applyMerge(long pair, int left, int right, int mergedId) {
        IntList affected = pairWords.remove(pair);
        Map<Long, Long> delta = new HashMap<>();
        for (int k = 0; k < affected.size; k++) {
            int w = affected.values[k];
            int[] before = words[w];
            int[] after = merge(before, left, right, mergedId);
            if (after == before) {
                continue; // why: a word is listed once per time it gained the pair, and may have lost it since
            }
            long count = wordCounts[w];
            for (int i = 0; i + 1 < before.length; i++) {
                delta.merge(pair(before[i], before[i + 1]), -count, Long::sum);
            }
            for (int i = 0; i + 1 < after.length; i++) {
                long p = pair(after[i], after[i + 1]);
                delta.merge(p, count, Long::sum);
                if (after[i] == mergedId || after[i + 1] == mergedId) {
                    pairWords.computeIfAbsent(p, x -> new IntList()).add(w);
                }
            }
            words[w] = after;
        }
        pairCounts.remove(pair);
        long[] increased = new long[delta.size()];
        int n = 0;
        for (Map.Entry<Long, Long> e : delta.entrySet()) {
            long d = e.getValue();
            if (d == 0 || e.getKey() == pair) {
                continue;
            }
            long[] count = pairCounts.computeIfAbsent(e.getKey(), p -> new long[1]);
            count[0] += d;
            if (count[0] <= 0) {
                pairCounts.remove(e.getKey());
                pairWords.remove(e.getKey());
            } else if (d > 0) {
                increased[n++] = e.getKey();
            }
        }
        return Arrays.copyOf(increased, n);
    }

    /** The word with every occurrence of (left, right) merged, left to right; the same array when none is. */
    private static int[] merge(int[] symbols, int left, int right, int mergedId) {
        int[] out = null;
        int n = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                if (out == null) {
                    out = Arrays.copyOf(symbols, symbols.length);
                    n = i;
                }
                out[n++] = mergedId;
                i++;
            } else if (out != null) {
                out[n++] = symbols[i];
            }
        }
        return out == null ? symbols : Arrays.copyOf(out, n);
    }

    private void countWords(Iterable<String> corpus) {
        // why: a sorted map makes word numbering, and so the whole run, independent of hash order
        Map<String, long[]> counts = new TreeMap<>();
        for (String text : corpus) {
            Matcher pieces = ByteLevelBpe.PRE_TOKENIZER.matcher(text);
            while (pieces.find()) {
                counts.computeIfAbsent(ByteLevelAlphabet.encode(pieces.group()), k -> new long[1])[0]++;
            }
        }
        words = new int[counts.size()][];
        wordCounts = new long[counts.size()];
        int w = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String word = e.getKey();
            int[] symbols = new int[word.length()];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = idOf.get(String.valueOf(word.charAt(i)));
            }
            words[w] = symbols;
            wordCounts[w++] = e.getValue()[0];
        }
    }

    private int addToken(String token) {
        int id = tokens.size();
        tokens.add(token);
        idOf.put(token, id);
        return id;
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | right;
    }

    /** A growable int array, to keep per-pair word lists free of boxing. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
