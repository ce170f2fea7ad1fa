package io.github.djlssl.core.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;

/**
 * A weight {@code fc_weight [2, 2]} (decayed) and a bias {@code fc_bias [2]} (not decayed), with
 * the loss {@code sum(c * w^2) / 2 + sum(e * w)}, so each gradient is {@code c * w + e}: it depends
 * on the weight, which catches updates applied in the wrong order.
 */
final class TwoParameters {

    static final double[] W0 = {0.5, -1.0, 2.0, 0.25};
    static final double[] B0 = {0.1, -0.3};
    static final double[] C = {1.0, 0.5, -0.25, 2.0};
    static final double[] E = {0.2, -0.4, 0.3, 0.1};

    final NDManager manager;
    final Parameter weight;
    final Parameter bias;
    final ParameterList list = new ParameterList();

    TwoParameters(NDManager manager) {
        this.manager = manager;
        weight = parameter("fc_weight", Parameter.Type.WEIGHT, W0, new Shape(2, 2));
        bias = parameter("fc_bias", Parameter.Type.BIAS, B0, new Shape(2));
        list.add("fc_weight", weight);
        list.add("fc_bias", bias);
    }

    private Parameter parameter(String name, Parameter.Type type, double[] init, Shape shape) {
        NDArray a = manager.create(toFloat(init), shape);
        a.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(type).optArray(a).build();
    }

    /** Runs backward so both parameters hold the gradient {@code c * p + e}. */
    void backward() {
        try (NDManager sub = manager.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray w = weight.getArray();
            NDArray b = bias.getArray();
            NDArray c = sub.create(toFloat(C), new Shape(2, 2));
            NDArray e = sub.create(toFloat(E), new Shape(2, 2));
            NDArray loss = w.square().mul(c).sum().div(2).add(w.mul(e).sum());
            loss = loss.add(b.square().mul(c.get(0)).sum().div(2)).add(b.mul(e.get(0)).sum());
            gc.backward(loss);
        }
    }

    /** Backward, then one optimiser update per parameter, as Trainer.step() would do. */
    void step(ScheduledOptimizer optimizer) {
        backward();
        for (Parameter p : new Parameter[] {weight, bias}) {
            try (NDArray grad = p.getArray().getGradient()) {
                optimizer.update(p.getId(), p.getArray(), grad);
            }
        }
    }

    static double gradOf(double[] coefC, double[] coefE, int i, double w) {
        return coefC[i] * w + coefE[i];
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static double[] toDouble(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
