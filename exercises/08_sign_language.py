# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Exercise 08 · The American Sign Language alphabet (미국 수화 알파벳)
#
# The course's capstone, the exercise at the end of the slides (연습 문제): you build the whole
# pipeline yourself on **Sign Language MNIST** — photos of a hand signing the letters of the
# American Sign Language alphabet, 28×28 grey pixels like MNIST. You load and look at the data,
# handle a gap in its labels, prepare inputs and labels, split off an honest validation set, build,
# compile and train a dense network, read its curves, evaluate it with a confusion matrix of your
# own — and finally design a dense network that reaches **90 % validation accuracy**, by whatever
# changes you choose.

# %% [markdown] slideshow={"slide_type": "subslide"}
# How to work:
#
# 1. Write your code in the cell marked `TODO` (replace `raise NotImplementedError`) and run it.
# 2. Run the check under it: ✅ means the step is right; ❌ names what is off and gives a first hint.
# 3. Stuck? `ex.<step>.hint()` gives the next hint — first the idea, then the NumPy or Keras function
#    to use, then code. `ex.<step>.solution()` shows the worked solution of that one step.
#
# Run the cells in order: a step that is not finished stops the notebook with a short note.
# Training runs take a few seconds to a minute on a laptop without a GPU. Only **dense** layers
# are used (no convolutions): convolutional networks are the next part of the slides.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The slides' summary table (정리) is the map for every choice of output and loss:
#
# | task | output activation (활성화 함수) | loss (손실 함수) | label format (레이블 형식) |
# |---|---|---|---|
# | linear regression | linear | MSE, RMSE | — |
# | binary classification | sigmoid | binary cross-entropy | — |
# | multi-class classification | softmax | categorical cross-entropy | one-hot (범주형) |
# | multi-class classification | softmax | sparse categorical cross-entropy | integer label (정수형) |

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %% slideshow={"slide_type": "subslide"}
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

from course_lib import checks, data, display, evaluation
from course_lib import sign_language as sl
from course_lib.exercises import sign_language as ex
from course_lib.seeding import set_seeds

# Keras's errors about shapes, label formats and History keys, explained in one sentence:
checks.friendly_errors({ValueError: sl.explain_keras_error, KeyError: sl.explain_keras_error})
rng = set_seeds(0, tensorflow=True)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 1 · Load the data
#
# **Goal:** four arrays: the training images `x_train` with their labels `y_train`, and the test
# images `x_test` with their labels `y_test`. The loader `load_sign_language_mnist` of the course's
# `data` module returns them as two pairs, training then test, the same layout as Keras's MNIST
# loader of lesson 07: images as arrays of 28×28 pixels (0 = black, 255 = white) and one label per
# image.

# %%
# TODO: your code here. Stuck? Run ex.load.hint()
raise NotImplementedError("step 'load'")

# %%
ex.load.check(x_train, y_train, x_test, y_test)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Step 2 · Look at the data
#
# **Goal:** a figure `fig` showing one training photo of **every letter** that occurs, each small
# picture titled with its letter. The labels number the alphabet from A = 0: label k is the k-th
# letter of `sl.LETTERS` (`sl.letter_of(k)` gives it). Draw it with matplotlib: a grid of axes, one
# grey image per axes, its letter as the title, and keep the figure in `fig`.

# %% slideshow={"slide_type": "subslide"}
# TODO: your code here. Stuck? Run ex.letter_grid.hint()
raise NotImplementedError("step 'letter_grid'")

# %% slideshow={"slide_type": "subslide"}
ex.letter_grid.check(fig)

# %% [markdown]
# ## Step 3 · The gap in the labels
#
# Count the letters in your grid. **Goal:** `missing`, the list of the label numbers among
# 0 … 25 (A … Z) that never occur in `y_train` (in any order).

# %%
# TODO: your code here. Stuck? Run ex.missing.hint()
raise NotImplementedError("step 'missing'")

# %%
ex.missing.check(missing)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 4 · Decide: how many classes?
#
# **Why the gap.** J and Z are signed with a *movement* of the hand (J traces a hook, Z a zigzag);
# a still photo cannot show them, so the dataset has none. The file keeps the alphabet's numbers,
# so the labels run 0 … 24 with no 9: there are 24 letters, but the largest label is 24 (Y).
#
# **What it means for the output layer.** The network has one output per class, numbered from 0,
# and a one-hot row has one column per class. A label with no output of its own cannot be learnt.
# Two treatments work: keep the file's numbers and give J an output that never occurs, or
# renumber the letters after J so that the classes have no gap.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Goal:** decide `n_classes`, the number of outputs of your network, and say why in a comment.
# The check explains every choice.

# %%
# TODO: your code here. Stuck? Run ex.n_classes.hint()
raise NotImplementedError("step 'n_classes'")

# %%
ex.n_classes.check(n_classes)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Goal:** `to_class_index(labels)` turns the file's labels into your class numbers
# 0 … `n_classes` − 1, as an integer array of the same length, without changing its input.
# With 25 classes the numbers stay as they are; with 24, the letters after J move down to close
# the gap (K becomes 9, …, Y becomes 23).

# %%
def to_class_index(labels):
    """The file's labels (0 … 24, no 9) as class numbers 0 … n_classes − 1, an int array."""
    # TODO: your code here. Stuck? Run ex.to_class_index.hint()
    raise NotImplementedError("step 'to_class_index'")


# %%
ex.to_class_index.check(to_class_index, n_classes)
letters = sl.class_letters(n_classes)  # letters[c] is the letter of class c, for plots and tables
train_classes, test_classes = to_class_index(y_train), to_class_index(y_test)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 5 · Inputs and labels for the network
#
# A dense layer takes each image as one flat row of numbers, and learns best when its inputs are
# small (large inputs make the first steps of training jump around).
#
# **Goal:** `prepare(images)` turns images of shape (N, 28, 28) with pixels 0 … 255 into an
# array of shape (N, 784): one row per image, every value between 0 and 1 (a pixel of 255 becomes
# 1.0), as floating-point numbers. It must work for any N.

# %%
def prepare(images):
    """(N, 28, 28) pixels 0 … 255 → (N, 784) floats 0 … 1."""
    # TODO: your code here. Stuck? Run ex.prepare.hint()
    raise NotImplementedError("step 'prepare'")


# %% slideshow={"slide_type": "subslide"}
ex.prepare.check(prepare)
x_train_flat, x_test_flat = prepare(x_train), prepare(x_test)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The loss for one class out of many, with labels given as rows (the summary table), is the
# categorical cross-entropy: each label becomes a **one-hot** row, all 0 except a single 1 in the
# column of its class (class 2 of 24: a 1 in column 2).
#
# **Goal:** `one_hot(classes, n_classes)` returns an array of shape (N, `n_classes`) of such
# rows, for any class numbers and any `n_classes` — also when the largest class is missing from
# `classes`.

# %%
def one_hot(classes, n_classes):
    """Class numbers (N,) → one-hot rows (N, n_classes) of 0.0 and 1.0."""
    # TODO: your code here. Stuck? Run ex.one_hot.hint()
    raise NotImplementedError("step 'one_hot'")


# %%
ex.one_hot.check(one_hot)
y_train_onehot, y_test_onehot = one_hot(train_classes, n_classes), one_hot(test_classes, n_classes)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 6 · A validation set that tells the truth
#
# The **test** split (테스트 데이터) is the final exam: it was photographed in other sessions, and
# we look at it **once, at the very end**. Every choice before that (how long to train, which
# change helps) is made on **validation** data (검증 데이터) carved out of the training file.
#
# But there is a trap. The training file was made from far fewer photos than it has rows: each
# photo was turned into many slightly altered copies (brightness, contrast, a 3° turn). A split by
# rows — a random split, or the last rows — puts copies of the same photo on both sides, and
# validation then measures memory, not recognition. The unit to split is the **photo**.
# `sl.near_duplicate_groups` links every pair of images whose correlation is above 0.98 and returns
# a group number per image (a few seconds):

# %% slideshow={"slide_type": "subslide"}
groups = sl.near_duplicate_groups(x_train, y_train)
sizes = np.bincount(groups)
print(f"{len(x_train)} training images form about {round(len(sizes), -2):,} groups of near copies; "
      f"a typical group holds {int(np.median(sizes))} images.")
members = np.nonzero(groups == groups[0])[0][:8]
_ = sl.show_images(x_train[members], [f"image {i}" for i in members],
                   title=f"Eight of the copies in the group of image 0 (letter {sl.letter_of(y_train[0])})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Goal:** `fit_index` and `val_index`, the row numbers (integer arrays, not True/False masks) of
# the images to learn from and of the validation images. Validation gets whole **groups**, about
# 15 % of the images: every group wholly on one side, every row on exactly one side, and no letter
# in validation that the fitting side lacks. The check tests these rules, not how you picked the
# groups; drawing them at random with `rng` is the usual way, and it keeps the letters in about
# their usual shares. Then the four arrays the network trains with: `x_fit`, `y_fit`, `x_val`, `y_val` — the
# prepared rows and one-hot rows (`x_train_flat`, `y_train_onehot`) at those row numbers.

# %% slideshow={"slide_type": "subslide"}
# TODO: your code here. Stuck? Run ex.split.hint()
raise NotImplementedError("step 'split'")

# %%
ex.split.check(fit_index, val_index, x_val, y_val)

# %% [markdown] slideshow={"slide_type": "subslide"}
# How close is each validation image to its nearest image in the fitting part? A correlation of
# 1.00 means a copy. The table compares your split with a random split of the same size and — for
# reference only — the test images with the whole training file (300 images of each):

# %%
shuffled = rng.permutation(len(x_train))
random_val, random_fit = shuffled[:len(val_index)], shuffled[len(val_index):]
comparison = {
    "random split: validation vs fitting images": sl.nearest_similarity(x_train[random_val[:300]], x_train[random_fit]),
    "your split: validation vs fitting images": sl.nearest_similarity(x_train[val_index[:300]], x_train[fit_index]),
    "test split vs the whole training file": sl.nearest_similarity(x_test[:300], x_train),
}
display.Table({"images compared": list(comparison),
               "median nearest correlation": [float(np.median(s)) for s in comparison.values()],
               "share with a near copy (> 0.98)": [float(np.mean(s > 0.98)) for s in comparison.values()]},
              digits=2)

# %% [markdown] slideshow={"slide_type": "subslide"}
# With a random split nearly every validation image has a copy in the fitting data, unlike the
# test images; split by groups, validation looks like the test split.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 7 · Build and compile a dense network
#
# **Goal:** `model`, a compiled Keras network for your data: it takes rows of 784 numbers, has
# hidden layers of ReLU units (the slides' hands-on network has two of 512), and one output per
# class whose values are probabilities that add up to 1 (raw scores are accepted too, if the loss
# is told that it receives logits). Compile it with the Adam optimizer, the loss that the summary
# table pairs with one-hot labels, and the accuracy metric, so that Keras reports it while training. (ReLU and Adam are this step's rules, so that every run here is
# comparable; in the open step at the end the design is yours.)

# %% slideshow={"slide_type": "subslide"}
# TODO: your code here. Stuck? Run ex.model.hint()
raise NotImplementedError("step 'model'")

# %%
ex.model.check(model, n_classes)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Step 8 · Train it
#
# **Goal:** `history`, what Keras's training method returns after `EPOCHS` epochs (에포크) on the
# fitting part (`x_fit`, `y_fit`) in batches (배치) of `BATCH` images, with the validation part
# (`x_val`, `y_val`) measured after every epoch. Keep the log short (no per-batch output);
# `sl.progress_bar()` is a callback that draws one progress bar instead. (Batches of 256 instead of
# Keras's default 32 make an epoch several times faster on a CPU.)

# %%
EPOCHS, BATCH = 8, 256

# %% tags=["nbval-ignore-output"]
# TODO: your code here. Stuck? Run ex.fit.hint()
raise NotImplementedError("step 'fit'")

# %% slideshow={"slide_type": "subslide"}
ex.fit.check(history, fit_index, val_index, EPOCHS, BATCH)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The curves: training dashed, validation solid.

# %% tags=["nbval-ignore-output"]
print(evaluation.show_training_curves({"your network": sl.accuracy_history(history)},
                                      title="A dense network on pixels / 255"))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Goal:** read the two numbers that sum up the run: `final_train_accuracy` and
# `final_val_accuracy`, the training and the validation accuracy after the **last** epoch, from
# `history` (its `.history` is a dict with one list per metric, one value per epoch).

# %%
# TODO: your code here. Stuck? Run ex.curves.hint()
raise NotImplementedError("step 'curves'")

# %%
ex.curves.check(final_train_accuracy, final_val_accuracy, history)
ex.check_range("training accuracy after the last epoch", final_train_accuracy, 0.90)
ex.check_range("validation accuracy after the last epoch", final_val_accuracy, 0.55, 0.90)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Step 9 · Diagnose
#
# **Goal:** `diagnosis`, one of `"overfitting"`, `"underfitting"` or `"a good fit"`, for the
# curves of *your* run. Compare the two accuracies and the way the two loss curves move.

# %%
# TODO: your code here. Stuck? Run ex.diagnosis.hint()
raise NotImplementedError("step 'diagnosis'")

# %% tags=["nbval-ignore-output"]
ex.diagnosis.check(diagnosis, history)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Overfitting (과적합).** The fitting part holds only as many different photos as it has groups
# (step 6), and a dense network with hundreds of thousands of weights can learn each of them by
# heart. Nothing in a dense layer knows that pixel 300 is the neighbour of pixel 301: a hand that
# sits two pixels further left, or a photo taken in brighter light, lights up different inputs,
# and the network has never seen that. The validation hands are exactly such new photos.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 10 · Evaluate on the validation part
#
# The network's output for an image is one probability per class; its prediction is the class with
# the largest probability. `val_classes` holds the true class of every validation image:

# %%
val_classes = train_classes[val_index]

# %% [markdown]
# **Goal:** `val_predicted`, the predicted class of every validation image (an integer array of
# shape (N,)), and `val_accuracy`, the share of validation images predicted right — computed with
# NumPy from class numbers, as a fraction between 0 and 1.

# %%
# TODO: your code here. Stuck? Run ex.evaluate.hint()
raise NotImplementedError("step 'evaluate'")

# %% slideshow={"slide_type": "subslide"}
ex.evaluate.check(val_predicted, val_accuracy, model, val_index)

# %% [markdown]
# ## Step 11 · The confusion matrix, with NumPy
#
# Which letters does the network mix up? The **confusion matrix** (혼동 행렬) counts, for every
# true class t (row) and predicted class p (column), the images of class t predicted as p: its
# diagonal holds the right answers, each row adds up to the number of images of that class.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Goal:** `confusion_matrix(true, predicted, n_classes)`, an integer array of shape
# (`n_classes`, `n_classes`) of these counts, written with NumPy (no library that computes it for
# you). Every pair must be counted as often as it occurs.

# %%
def confusion_matrix(true, predicted, n_classes):
    """Counts cm[t, p] of the images of true class t predicted as p (rows: true, columns: predicted)."""
    # TODO: your code here. Stuck? Run ex.confusion.hint()
    raise NotImplementedError("step 'confusion'")


# %% slideshow={"slide_type": "subslide"}
ex.confusion.check(confusion_matrix)

# %% [markdown]
# **Goal:** `cm`, the confusion matrix of the validation part: your function, applied to the true
# classes and the predictions of step 10.

# %%
# TODO: your code here. Stuck? Run ex.validation_cm.hint()
raise NotImplementedError("step 'validation_cm'")

# %%
ex.validation_cm.check(cm, n_classes, val_index, val_predicted)

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
print(evaluation.show_confusion_matrix(cm, letters, title="Validation: true letter (row) vs prediction (column)"))
print("most confused (true, predicted, count):", evaluation.most_confused(cm, letters, top=5))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Step 12 · Your network: 90 % on validation, dense layers only
#
# The open step. **Goal:** a trained Keras model `final_model` with **at least 90 % validation
# accuracy** on your validation part (step 6), built from dense layers only: `Dense`, `Dropout`,
# normalisation layers and random augmentation layers are allowed, convolutions are not. How you
# get there is yours to decide; the check reports what your model is and how well it does.
#
# Things worth trying, judged one at a time on the validation curve: regularisation (dropout);
# normalising each image (its own mean and spread, so lighting matters less); the network's width
# and depth; the optimizer's settings (a learning rate that decays over the run); more epochs; and
# above all **data augmentation** (데이터 증강) — a slightly moved copy of every image in every epoch,
# which Keras's random layers do inside the model, only while training. Keep the training within
# about a minute on a laptop CPU.

# %% [markdown] slideshow={"slide_type": "subslide"}
# First, **goal:** `preprocess_final(images)`, what your final model's inputs are made from raw
# images of shape (N, 28, 28): one entry per image, floating-point numbers of a small range, the
# same numbers on every call (randomness belongs inside the model). `prepare` is a valid answer.

# %%
def preprocess_final(images):
    """Raw (N, 28, 28) pixels → the inputs of final_model (one row, or one image, per image)."""
    # TODO: your code here. Stuck? Run ex.final_inputs.hint()
    raise NotImplementedError("step 'final_inputs'")


# %% slideshow={"slide_type": "subslide"}
ex.final_inputs.check(preprocess_final)

# %% [markdown]
# **Goal:** `train_final(fit_images, fit_labels, val_images, val_labels)` builds, compiles and trains
# your final model and returns two things: the trained model and the History of its training. It
# gets raw images (N, 28, 28) and one-hot labels: it learns from the fitting pair, makes the inputs
# with `preprocess_final`, and watches the validation pair after every epoch. The next cell calls
# it with your split and keeps the results as `final_model` and `final_history`, which the cells
# after it use. It also reports the training time: the course's target is at most 60 s on a 2-core
# laptop CPU. The wall time depends on what else the computer is doing, so it also prints the
# *processor* time the training consumed (`time.process_time`, all threads): at most 120
# CPU-seconds is at most 60 s on two fully used cores.

# %% slideshow={"slide_type": "subslide"}
def train_final(fit_images, fit_labels, val_images, val_labels):
    """Build, compile and train your final dense model; return (the trained model, its History)."""
    # TODO: your code here. Stuck? Run ex.dense_challenge.hint()
    raise NotImplementedError("step 'dense_challenge'")


# %% tags=["nbval-ignore-output", "benchmark"] slideshow={"slide_type": "subslide"}
start, cpu_start = time.perf_counter(), time.process_time()
final_model, final_history = train_final(x_train[fit_index], y_fit, x_train[val_index], y_val)
training_seconds, training_cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
print(f"trained in {training_seconds:.1f} s ({training_cpu_seconds:.1f} CPU-seconds); "
      f"within the budget of 60 s or 120 CPU-seconds: {training_seconds <= 60 or training_cpu_seconds <= 120}")
print(evaluation.show_training_curves({"first network": sl.accuracy_history(history),
                                       "final_model": sl.accuracy_history(final_history)},
                                      title="Before and after your changes"))

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
ex.dense_challenge.check(final_model, preprocess_final, val_index, n_classes, train_final)

# %%
ex.report_range("validation accuracy of final_model", sl.accuracy_history(final_history)["val_accuracy"][-1],
                0.93, mark=ex.TARGET)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Report: the test split, once
#
# Only now, with every choice made on validation data, does the test split come in: the final
# model's accuracy on photos from other sessions.

# %% tags=["nbval-ignore-output", "benchmark"]
test_predicted = final_model.predict(preprocess_final(x_test), verbose=0).argmax(axis=1)
test_accuracy = np.mean(test_predicted == test_classes)
final_model_val_accuracy = np.mean(
    final_model.predict(preprocess_final(x_train[val_index]), verbose=0).argmax(axis=1) == val_classes)
print(f"validation accuracy {final_model_val_accuracy:.2%}   test accuracy {test_accuracy:.2%}   "
      f"training time {training_seconds:.1f} s")

# %%
ex.report_range("test accuracy of final_model", test_accuracy, 0.95)

# %% [markdown]
# The confusion matrix of the test split (your function again), and the photos behind the most
# frequent mix-ups. The test split was made the same way as the training file — every photo in
# many altered copies — so one misread photo counts many times; `sl.near_duplicate_groups` finds
# the test photos, and each row below shows a mix-up from different photos, with a correct
# training example of the predicted letter at its end.

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"}
test_cm = confusion_matrix(test_classes, test_predicted, n_classes)
print(evaluation.show_confusion_matrix(test_cm, letters, title="Test split: true letter vs prediction"))
test_groups = sl.near_duplicate_groups(x_test, y_test)
wrong = test_predicted != test_classes
print(f"{test_groups.max() + 1} different test photos; {wrong.sum()} wrong test images come from "
      f"{len(np.unique(test_groups[wrong]))} different photos")
print(sl.show_confusions(x_test, test_classes, test_predicted, evaluation.most_confused(test_cm, letters, top=5),
                         letters, reference_images=x_train, reference_classes=train_classes, groups=test_groups))

# %% [markdown] slideshow={"slide_type": "subslide"}
# So the test accuracy rests on a few hundred different photos, and every misread photo costs all
# its copies at once. The confused letters differ by where one finger or the thumb sits — at
# 28 × 28 pixels a difference of a few grey pixels.
#
# ## Recap
#
# * The labels have a gap because J and Z need motion: 24 letters, so 24 outputs with the labels
#   renumbered (or 25 with an empty class), softmax and categorical cross-entropy on one-hot rows.
# * Validation must come from the training file and must not share near copies with the data the
#   network learns from — the unit of the split is the photo. The test split is used once, at the end.
# * The slides' dense network overfits: training accuracy near 100 %, validation far below. Dense
#   layers do not know which pixels are neighbours; augmentation teaches that by example.
#   **Convolutional networks** (the slides' next part) build it in — and reach higher accuracy
#   with fewer weights.
