package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tasl.model.LossInputs;
import org.tasl.scoring.ClozeBatch;

/**
 * BERT's cloze loss inputs on the host: the padded batch (ids, attention mask, flat positions of
 * the [MASK] slots) and the target id of every slot. A batch's shape is B rows × T tokens with M
 * slots; M is fixed by the tasks' answer slots, so bucketing T leaves few shapes per task.
 */
final class BertLossInputs implements LossInputs {
    private final BertModel model;
    private final ClozeBatch batch;
    private final long[] targets;
    private final int pad;
    private final int maxLength;

    /** {@code maxLength}: the backbone's position limit, which bucketing never pads past. */
    BertLossInputs(BertModel model, ClozeBatch batch, long[] targets, int pad, int maxLength) {
        if (targets.length != batch.totalMasks()) {
            throw new IllegalArgumentException(batch.totalMasks() + " answer slots but " + targets.length + " targets");
        }
        this.model = model;
        this.batch = batch;
        this.targets = targets;
        this.pad = pad;
        this.maxLength = maxLength;
    }

    @Override
    public LossInputs bucketed(int multiple) {
        if (multiple < 1) {
            throw new IllegalArgumentException("bucket multiple must be positive, got " + multiple);
        }
        int length = batch.length();
        int rounded = (length + multiple - 1) / multiple * multiple;
        return new BertLossInputs(model, batch.paddedTo(Math.max(length, Math.min(rounded, maxLength)), pad), targets,
                pad, maxLength);
    }

    @Override
    public String shapeKey() {
        return batch.rows() + "x" + batch.length() + "/" + targets.length;
    }

    /** ids [B, T], attention mask [B, T] (always present), mask positions [M], targets [M, 1]; all int64. */
    @Override
    public NDList toDevice(NDManager manager) {
        return new NDList(batch.ids(manager), batch.attentionMaskAlways(manager), batch.maskPositions(manager),
                manager.create(targets, new Shape(targets.length, 1)));
    }

    @Override
    public NDArray loss(NDManager scope, NDList onDevice, boolean training) {
        if (onDevice.size() != 4) {
            throw new IllegalArgumentException("BERT's loss reads 4 arrays (ids, attention mask, mask positions, "
                    + "targets), not " + onDevice.size());
        }
        return model.deviceLoss(onDevice, training);
    }
}
