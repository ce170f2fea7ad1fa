/**
 * SimCLR — Chen, Kornblith, Norouzi, Hinton, "A Simple Framework for Contrastive Learning of
 * Visual Representations", ICML 2020, arXiv:2002.05709. {@link
 * io.github.djlssl.jointembed.simclr.NtXentLoss} is Eq. 1; the projection head is §4.2 (v1) or
 * SimCLR v2's 3-layer head.
 */
package io.github.djlssl.jointembed.simclr;
