/**
 * BEiT — Bao, Dong, Piao, Wei, "BEiT: BERT Pre-Training of Image Transformers", ICLR 2022,
 * arXiv:2106.08254 — with its visual tokenizer trained here rather than downloaded.
 *
 * <p>Two stages, both run by the ordinary trainer:
 *
 * <pre>
 * djl-ssl pretrain --method beit-tokenizer --encoder vit-tiny --patch-size 4 --dataset … --out runs/tok
 * djl-ssl pretrain --method beit --encoder vit-tiny --patch-size 4 --dataset … \
 *     --set tokenizer=runs/tok --out runs/beit
 * </pre>
 *
 * <ul>
 *   <li>{@link io.github.djlssl.mim.beit.VisualTokenizer}: images → tokens on the patch grid;
 *       {@link io.github.djlssl.mim.beit.VqTokenizer} is a VQ-VAE (van den Oord et al. 2017)
 *       implementation, {@link io.github.djlssl.mim.beit.TokenizerFile} saves and loads it;
 *   <li>{@link io.github.djlssl.mim.beit.BeitTokenizerTraining} ({@code beit-tokenizer}) trains
 *       the tokenizer and no encoder;
 *   <li>{@link io.github.djlssl.mim.beit.Beit} ({@code beit}) trains the ViT to predict the
 *       frozen tokenizer's codes of block-masked patches ({@link
 *       io.github.djlssl.mim.beit.BeitLoss});
 *   <li>the masked-prediction network, {@link
 *       io.github.djlssl.mim.common.MaskedTokenPrediction}, is shared with MaskFeat.
 * </ul>
 *
 * <p><b>Quality depends on the tokenizer.</b> The paper's targets come from DALL-E's dVAE, trained
 * on 250 M images with 8192 tokens. Ours is trained on the user's (usually far smaller) data, so
 * BEiT here is a faithful implementation of the objective with a weaker target; judge a tokenizer
 * by its reconstruction error and perplexity before pretraining BEiT on it.
 */
package io.github.djlssl.mim.beit;
