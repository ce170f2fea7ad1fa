/**
 * Image datasets for self-supervised pretraining: uint8 image sources and a prefetching batch
 * loader.
 *
 * <p>An {@link io.github.djlssl.core.data.ImageSource} gives random, thread-safe access to uint8
 * images in CHW layout with optional labels. Built-in sources: Fashion-MNIST and MNIST idx files
 * ({@link io.github.djlssl.core.data.IdxImageSource}), CIFAR-10 binary batches ({@link
 * io.github.djlssl.core.data.Cifar10Source}), JPEG/PNG folders ({@link
 * io.github.djlssl.core.data.ImageFolderSource}) and generated images for tests ({@link
 * io.github.djlssl.core.data.SyntheticImageSource}). {@link io.github.djlssl.core.data.DatasetSpec}
 * turns a command-line name such as {@code fashion-mnist} or {@code folder:/data/pets} into a
 * source.
 *
 * <p>{@link io.github.djlssl.core.data.BatchLoader} assembles host batches on worker threads ahead
 * of the training step and uploads each as one {@code [B, C, H, W]} uint8 NDArray on the consuming
 * thread; augmentation then runs batched on the device. The order of every epoch is a pure function
 * of (seed, epoch), so a resumed run sees exactly the same batches. {@link
 * io.github.djlssl.core.data.ImageSourceDataset} adapts a source to DJL's {@code
 * RandomAccessDataset} for users of DJL's own training utilities.
 *
 * <p>Readers never trust file headers: sizes claimed by a header are checked against the file
 * length before anything is allocated, and every problem is reported as a {@link
 * io.github.djlssl.core.data.DatasetNotFoundException} or {@link
 * io.github.djlssl.core.data.InvalidDatasetException} naming the file.
 */
package io.github.djlssl.core.data;
