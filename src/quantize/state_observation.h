// state_observation.h - the values a stateful op's state takes inside one invoke. After an invoke
// a variable tensor holds its final value only, but the LSTM's cell state is quantized to its range
// over every time step (as TFLite's calibration logs it): calibration replays the float LSTM one
// step at a time, from the input the model recorded, and shows each step's cell state.
#pragma once

#include <functional>
#include <span>

#include "core/status.h"
#include "ir/graph.h"

namespace octet {

// Runs the float UNIDIRECTIONAL_SEQUENCE_LSTM `lstm` of `g` (constant weights) on `input` from zero
// state, calling `observe` with the cell state after every step (all batches of a time-major step
// at once, one batch at a time otherwise).
Status replay_lstm_cell_state(const Graph& g, const Node& lstm, std::span<const float> input,
                              const std::function<void(std::span<const float>)>& observe);

}  // namespace octet
