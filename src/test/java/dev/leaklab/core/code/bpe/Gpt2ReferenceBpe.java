package dev.leaklab.core.code.bpe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A line-by-line transcription of OpenAI's GPT-2 {@code encoder.py} (bytes_to_unicode, get_pairs and the
 * bpe loop), slow and independent of {@link ByteLevelBpe}, as an oracle for its faster merge loop.
 */
final class Gpt2ReferenceBpe {

    private final Map<String, Integer> ranks = new HashMap<>();
    private final Map<Integer, Character> byteEncoder = new HashMap<>();

    Gpt2ReferenceBpe(List<String> mergeLines) {
        int rank = 0;
        for (String line : mergeLines) {
            if (!line.startsWith("#version") && !line.isEmpty()) {
                ranks.put(line, rank++);
            }
        }
        // bs = list(range(ord("!"), ord("~")+1)) + list(range(ord("¡"), ord("¬")+1))
        //      + list(range(ord("®"), ord("ÿ")+1))
        List<Integer> bs = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bs.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bs.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bs.add(b);
        }
        List<Integer> cs = new ArrayList<>(bs);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                bs.add(b);
                cs.add(256 + n++);
            }
        }
        for (int i = 0; i < bs.size(); i++) {
            byteEncoder.put(bs.get(i), (char) (int) cs.get(i));
        }
    }

    /** The tokens of one pre-tokenised piece. */
    List<String> tokens(String piece) {
        StringBuilder mapped = new StringBuilder();
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
            mapped.append(byteEncoder.get(b & 0xFF));
        }
        List<String> word = new ArrayList<>();
        for (char c : mapped.toString().toCharArray()) {
            word.add(String.valueOf(c));
        }
        while (word.size() > 1) {
            String bigram = null;
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < best) {
                    best = rank;
                    bigram = word.get(i) + " " + word.get(i + 1);
                }
            }
            if (bigram == null) {
                break;
            }
            String first = bigram.substring(0, bigram.indexOf(' '));
            String second = bigram.substring(bigram.indexOf(' ') + 1);
            List<String> newWord = new ArrayList<>();
            int i = 0;
            while (i < word.size()) {
                if (i < word.size() - 1 && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    newWord.add(first + second);
                    i += 2;
                } else {
                    newWord.add(word.get(i));
                    i += 1;
                }
            }
            word = newWord;
        }
        return word;
    }
}
