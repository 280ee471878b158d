// pad_folding.h - PAD folded into the convolution it feeds, and back.
//
// Converters write asymmetric "SAME" padding (TFLite's SAME puts the odd row at the bottom, other
// frameworks at the top) as PAD followed by a VALID CONV_2D or DEPTHWISE_CONV_2D: MobileNetV2
// from TFLM's examples has 18 of them. The PAD copies the whole activation to add a border of
// zero points, which the convolution would skip anyway. fold_pad_into_conv gives the convolution
// explicit padding (Padding::kExplicit) instead, when that is exactly the same computation:
//   - PAD (or PADV2 whose constant value is the pad value below) with constant paddings on H and
//     W only (rank 4, NHWC), nothing on N and C;
//   - the pad value is what a skipped tap means: the zero point of int8/uint8 inputs, 0 for
//     float32 and for int16 (whose zero point must then be 0);
//   - the PAD's input and output have the same type (dtype and quantization);
//   - the PAD's output is read by the convolution alone and is not a graph output.
// The rewrite keeps every value id (the PAD's output and paddings stay in the graph, unused), so
// tensors remain addressable by their index in the model file. The runtime runs it at compile.
//
// expand_explicit_padding is the inverse, for writers of formats without explicit padding: each
// convolution with Padding::kExplicit gets a PAD in front of it (new values, appended) and VALID.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

Result<int> fold_pad_into_conv(Graph& graph);
Result<int> expand_explicit_padding(Graph& graph);

}  // namespace octet
