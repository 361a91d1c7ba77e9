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
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacked bidirectional LSTM or GRU layers with masked mean pooling, as one DL4J SameDiff layer over the
 * native whole-sequence ops ({@code lstmLayer}, {@code gru}). Takes the embedding layer's output [batch,
 * features, time] with its mask [batch, time] and gives the pooled representation [batch, 2 × hidden].
 *
 * <p>The backward direction reverses each sequence within its own length ({@code reverse_sequence}), so it
 * starts at the real last token and padding never reaches a real step; the forward direction's padded steps
 * come after the real ones and are pooled out. Why not DL4J's {@code Bidirectional(LSTM)}: its outputs for a
 * sequence changed with the padded length of the batch it was in (a logit moved by 1.4 on a toy task), which
 * would make a sample's outputs depend on its neighbours. Why the GRU is here at all: DL4J's layer API has
 * none.
 */
public class BiRecurrentLayer extends SameDiffLayer {

    /** The recurrent cell. */
    public enum Cell {
        /** Long short-term memory (Hochreiter and Schmidhuber, 1997); gates i, f, c, o. */
        LSTM(4),
        /** Gated recurrent unit (Cho et al., 2014). */
        GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }
    }

    private Cell cell;
    private int nIn;
    private int hidden;
    private int layers;
    private long seed;

    /** For JSON deserialisation of saved networks. */
    public BiRecurrentLayer() {
    }

    /**
     * @param cell   LSTM or GRU
     * @param nIn    input features (the embedding width)
     * @param hidden state size per direction
     * @param layers stacked bidirectional layers
     * @param seed   seeds the weight initialisation
     */
    public BiRecurrentLayer(Cell cell, int nIn, int hidden, int layers, long seed) {
        this.cell = cell;
        this.nIn = nIn;
        this.hidden = hidden;
        this.layers = layers;
        this.seed = seed;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable x = input.permute(2, 0, 1); // [T, B, F]
        SDVariable lengths = mask.sum(1).castTo(DataType.INT64);
        SDVariable h0 = null;
        if (cell == Cell.GRU) {
            SDVariable batch = input.shape().get(SDIndex.interval(0, 1));
            SDVariable stateShape = sd.concat(0, batch, sd.constant(Nd4j.createFromArray((long) hidden)));
            h0 = sd.fill(stateShape, DataType.FLOAT, 0.0);
        }
        for (int l = 0; l < layers; l++) {
            SDVariable forward = direction(sd, x, lengths, h0, params, l, "f");
            SDVariable reversed = sd.reverseSequence(x, lengths, 0, 1);
            SDVariable backward = sd.reverseSequence(direction(sd, reversed, lengths, h0, params, l, "b"), lengths, 0, 1);
            x = sd.concat(2, forward, backward); // [T, B, 2H]
        }
        SDVariable timeMask = sd.expandDims(mask.permute(1, 0), 2); // [T, B, 1]
        SDVariable summed = x.mul(timeMask).sum(0); // [B, 2H]
        return summed.div(sd.expandDims(mask.sum(1), 1));
    }

    /** One direction over [T, B, F], giving [T, B, H]. */
    private SDVariable direction(SameDiff sd, SDVariable x, SDVariable lengths, SDVariable h0,
                                 Map<String, SDVariable> params, int layer, String dir) {
        SDVariable wx = params.get(name(layer, dir, "Wx"));
        SDVariable wh = params.get(name(layer, dir, "Wh"));
        SDVariable b = params.get(name(layer, dir, "b"));
        if (cell == Cell.GRU) {
            return sd.rnn().gru(x, h0, wx, wh, b);
        }
        LSTMLayerConfig config = LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.TNS)
                .directionMode(LSTMDirectionMode.FWD).gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                .retFullSequence(true).retLastH(false).retLastC(false).build();
        LSTMLayerWeights weights = LSTMLayerWeights.builder().weights(wx).rWeights(wh).bias(b).build();
        return sd.rnn().lstmLayer(x, null, null, lengths, weights, config)[0];
    }

    /** Parameter names hold no underscore: DL4J's updater splits gradient keys at the last one. */
    private static String name(int layer, String direction, String kind) {
        return kind + layer + direction;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? nIn : 2 * hidden;
            for (String d : new String[] {"f", "b"}) {
                params.addWeightParam(name(l, d, "Wx"), in, (long) cell.gates * hidden);
                params.addWeightParam(name(l, d, "Wh"), hidden, (long) cell.gates * hidden);
                params.addBiasParam(name(l, d, "b"), (long) cell.gates * hidden);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // why: Glorot-uniform for the weights; zero biases, except the LSTM forget gate at 1 so early
        // gradients flow (Jozefowicz et al., 2015). Seeded per name so the map's order does not matter.
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray p = e.getValue();
            if (e.getKey().startsWith("b")) {
                p.assign(0);
                if (cell == Cell.LSTM) {
                    p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(hidden, 2L * hidden)).assign(1);
                }
                continue;
            }
            double limit = Math.sqrt(6.0 / (p.size(0) + p.size(1)));
            Random random = new Random(seed * 31 + e.getKey().hashCode());
            float[] values = new float[(int) p.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            p.assign(Nd4j.create(values, p.shape(), 'c'));
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(2L * hidden);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (override || nIn <= 0) {
            nIn = (int) ((InputType.InputTypeRecurrent) inputType).getSize();
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        // why: pooling consumed the time axis; the head sees one vector a sample, with nothing to mask
        return new Pair<>(null, currentMaskState);
    }

    /** The recurrent cell. */
    public Cell getCell() {
        return cell;
    }

    /** @param cell the recurrent cell */
    public void setCell(Cell cell) {
        this.cell = cell;
    }

    /** Input features. */
    public int getNIn() {
        return nIn;
    }

    /** @param nIn input features */
    public void setNIn(int nIn) {
        this.nIn = nIn;
    }

    /** State size per direction. */
    public int getHidden() {
        return hidden;
    }

    /** @param hidden state size per direction */
    public void setHidden(int hidden) {
        this.hidden = hidden;
    }

    /** Stacked layers. */
    public int getLayers() {
        return layers;
    }

    /** @param layers stacked layers */
    public void setLayers(int layers) {
        this.layers = layers;
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
