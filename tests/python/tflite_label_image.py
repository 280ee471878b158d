# A classification script as TensorFlow Lite's guides write them for tf.lite.Interpreter (the
# label_image example's flow, with the integer-quantization guide's handling of an int8 input).
# test_tflite_script.py runs it with its import line changed to `import octet as tflite`, and
# nothing else changed.
import argparse
import time

import numpy as np
from PIL import Image

import tflite_runtime.interpreter as tflite


def load_labels(filename):
  with open(filename, 'r') as f:
    return [line.strip() for line in f.readlines()]


if __name__ == '__main__':
  parser = argparse.ArgumentParser()
  parser.add_argument('-i', '--image', help='image to be classified')
  parser.add_argument('-m', '--model_file', help='.tflite model to be executed')
  parser.add_argument('-l', '--label_file', help='name of file containing labels')
  parser.add_argument('--input_mean', default=127.5, type=float, help='input_mean')
  parser.add_argument('--input_std', default=127.5, type=float, help='input standard deviation')
  parser.add_argument('--num_threads', default=None, type=int, help='number of threads')
  args = parser.parse_args()

  interpreter = tflite.Interpreter(model_path=args.model_file, num_threads=args.num_threads)
  interpreter.allocate_tensors()

  input_details = interpreter.get_input_details()
  output_details = interpreter.get_output_details()

  # check the type of the input tensor
  floating_model = input_details[0]['dtype'] == np.float32

  # NxHxWxC, H:1, W:2
  height = input_details[0]['shape'][1]
  width = input_details[0]['shape'][2]
  img = Image.open(args.image).convert('RGB').resize((width, height))

  # add N dim
  input_data = np.expand_dims(img, axis=0)

  if floating_model:
    input_data = (np.float32(input_data) - args.input_mean) / args.input_std
  elif input_details[0]['dtype'] == np.int8:
    # A full-integer model: scale the image to [0, 1], then quantize it with the input's
    # parameters.
    input_scale, input_zero_point = input_details[0]['quantization']
    input_data = np.float32(input_data) / 255.0 / input_scale + input_zero_point
    input_data = np.round(input_data).astype(input_details[0]['dtype'])

  interpreter.set_tensor(input_details[0]['index'], input_data)

  start_time = time.time()
  interpreter.invoke()
  stop_time = time.time()

  output_data = interpreter.get_tensor(output_details[0]['index'])
  results = np.squeeze(output_data)

  top_k = results.argsort()[-5:][::-1]
  labels = load_labels(args.label_file)
  output_scale, output_zero_point = output_details[0]['quantization']
  for i in top_k:
    if floating_model or output_scale == 0:
      print('{:08.6f}: {}'.format(float(results[i]), labels[i]))
    else:
      print('{:08.6f}: {}'.format(float(output_scale * (int(results[i]) - output_zero_point)),
                                  labels[i]))

  print('time: {:.3f}ms'.format((stop_time - start_time) * 1000))
