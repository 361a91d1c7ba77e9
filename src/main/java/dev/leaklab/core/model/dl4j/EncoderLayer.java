package dev.leaklab.core.model.dl4j;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A RoBERTa encoder (Liu et al., 2019) as one DL4J SameDiff layer, after the token embedding: learned
 * position embeddings and the token-type vector are added, then LayerNorm, then N post-norm blocks of
 * multi-head self-attention (padding masked out) and a GELU feed-forward network. Gives the first position's
 * vector (the {@code <s>} token) [batch, width]. Parameter layouts are [in, out]; Hugging Face checkpoints
 * ([out, in]) are transposed when loaded. Exact (erf) GELU and LayerNorm epsilon 1e-5, as RoBERTa.
 */
public class EncoderLayer extends SameDiffLayer {

    private int width;
    private int feedForward;
    private int blocks;
    private int heads;
    private int maxPositions;
    private double dropout;
    private long seed;

    /** For JSON deserialisation of saved networks. */
    public EncoderLayer() {
    }

    /**
     * @param width        model width (the embedding size)
     * @param feedForward  inner width of the feed-forward network
     * @param blocks       encoder blocks
     * @param heads        attention heads (dividing the width)
     * @param maxPositions position embeddings (the longest sequence, start token included)
     * @param dropout      kept for the record; dropout is applied by DL4J to the layer's input
     * @param seed         seeds the initialisation
     */
    public EncoderLayer(int width, int feedForward, int blocks, int heads, int maxPositions, double dropout,
                        long seed) {
        this.width = width;
        this.feedForward = feedForward;
        this.blocks = blocks;
        this.heads = heads;
        this.maxPositions = maxPositions;
        this.dropout = dropout;
        this.seed = seed;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        int headSize = width / heads;
        SDVariable shape = input.shape(); // [B, d, T]
        SDVariable b = shape.get(SDIndex.interval(0, 1));
        SDVariable t = shape.get(SDIndex.interval(2, 3));
        SDVariable tScalar = shape.get(SDIndex.point(2));
        SDVariable x = input.permute(0, 2, 1); // [B, T, d]
        SDVariable positions = p.get("pos").get(SDIndex.interval(sd.constant(0L), tScalar), SDIndex.all());
        x = x.add(positions).add(p.get("type"));
        x = sd.nn().layerNorm(x, p.get("embg").reshape(width), p.get("embb").reshape(width), false, 2);
        SDVariable rows = sd.concat(0, sd.constant(Nd4j.createFromArray(-1L)), sd.constant(Nd4j.createFromArray((long) width)));
        SDVariable bthd = sd.concat(0, b, t, sd.constant(Nd4j.createFromArray((long) heads, (long) headSize)));
        SDVariable btd = sd.concat(0, b, t, sd.constant(Nd4j.createFromArray((long) width)));
        SDVariable h = x.reshape(rows); // [B*T, d]
        // [B, 1, 1, T]: 0 where a real token is, a large negative number on padding
        SDVariable maskBias = sd.expandDims(sd.expandDims(mask.rsub(1.0).mul(-1e9), 1), 1);
        double scale = 1.0 / Math.sqrt(headSize);
        for (int l = 0; l < blocks; l++) {
            SDVariable q = heads(dense(h, p, "q", l), bthd);
            SDVariable k = heads(dense(h, p, "k", l), bthd);
            SDVariable v = heads(dense(h, p, "v", l), bthd);
            SDVariable scores = sd.mmul(q, k, false, true, false).mul(scale).add(maskBias); // [B, h, T, T]
            SDVariable attention = sd.nn().softmax(scores, 3);
            SDVariable context = sd.mmul(attention, v).permute(0, 2, 1, 3).reshape(rows); // [B*T, d]
            h = sd.nn().layerNorm(dense(context, p, "o", l).add(h), p.get("ln1g" + l).reshape(width), p.get("ln1b" + l).reshape(width), false, 1);
            SDVariable inner = gelu(sd, dense(h, p, "ff1", l));
            h = sd.nn().layerNorm(dense(inner, p, "ff2", l).add(h), p.get("ln2g" + l).reshape(width), p.get("ln2b" + l).reshape(width), false, 1);
        }
        return h.reshape(btd).get(SDIndex.all(), SDIndex.point(0), SDIndex.all()); // the <s> vector [B, d]
    }

    private static SDVariable dense(SDVariable x, Map<String, SDVariable> p, String name, int layer) {
        return x.mmul(p.get(name + "W" + layer)).add(p.get(name + "b" + layer));
    }

    /** [B*T, d] to [B, heads, T, headSize]. */
    private static SDVariable heads(SDVariable x, SDVariable bthd) {
        return x.reshape(bthd).permute(0, 2, 1, 3);
    }

    /** Exact GELU, x·Φ(x), as BERT and RoBERTa use it. */
    private static SDVariable gelu(SameDiff sd, SDVariable x) {
        return x.mul(sd.math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("pos", maxPositions, width);
        params.addBiasParam("type", 1, width);
        params.addBiasParam("embg", 1, width);
        params.addBiasParam("embb", 1, width);
        for (int l = 0; l < blocks; l++) {
            for (String n : new String[] {"q", "k", "v", "o"}) {
                params.addWeightParam(n + "W" + l, width, width);
                params.addBiasParam(n + "b" + l, 1, width);
            }
            params.addWeightParam("ff1W" + l, width, feedForward);
            params.addBiasParam("ff1b" + l, 1, feedForward);
            params.addWeightParam("ff2W" + l, feedForward, width);
            params.addBiasParam("ff2b" + l, 1, width);
            for (String n : new String[] {"ln1", "ln2"}) {
                params.addBiasParam(n + "g" + l, 1, width);
                params.addBiasParam(n + "b" + l, 1, width);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // why: BERT's initialisation: weights N(0, 0.02), LayerNorm gains 1, every bias 0
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String name = e.getKey();
            INDArray value = e.getValue();
            if (isGain(name)) {
                value.assign(1);
            } else if (isWeight(name)) {
                Random random = new Random(seed * 31 + name.hashCode());
                float[] values = new float[(int) value.length()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.02);
                }
                value.assign(Nd4j.create(values, value.shape(), 'c'));
            } else {
                value.assign(0);
            }
        }
    }

    /** LayerNorm gains: {@code embg}, {@code ln1g0}, {@code ln2g3}. */
    static boolean isGain(String name) {
        return name.equals("embg") || name.matches("ln[12]g\\d+");
    }

    /** Matrices: {@code pos}, {@code qW0}, {@code ff2W1}. */
    static boolean isWeight(String name) {
        return name.equals("pos") || name.matches("(q|k|v|o|ff1|ff2)W\\d+");
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(width);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // why: the width is the embedding size, fixed at construction
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    /** Model width. */
    public int getWidth() {
        return width;
    }

    /** @param width model width */
    public void setWidth(int width) {
        this.width = width;
    }

    /** Feed-forward inner width. */
    public int getFeedForward() {
        return feedForward;
    }

    /** @param feedForward feed-forward inner width */
    public void setFeedForward(int feedForward) {
        this.feedForward = feedForward;
    }

    /** Encoder blocks. */
    public int getBlocks() {
        return blocks;
    }

    /** @param blocks encoder blocks */
    public void setBlocks(int blocks) {
        this.blocks = blocks;
    }

    /** Attention heads. */
    public int getHeads() {
        return heads;
    }

    /** @param heads attention heads */
    public void setHeads(int heads) {
        this.heads = heads;
    }

    /** Position embeddings. */
    public int getMaxPositions() {
        return maxPositions;
    }

    /** @param maxPositions position embeddings */
    public void setMaxPositions(int maxPositions) {
        this.maxPositions = maxPositions;
    }

    /** Dropout probability. */
    public double getDropout() {
        return dropout;
    }

    /** @param dropout dropout probability */
    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    /** Initialisation seed. */
    public long getSeed() {
        return seed;
    }

    /** @param seed initialisation seed */
    public void setSeed(long seed) {
        this.seed = seed;
    }
}
