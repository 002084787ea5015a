# ---
# jupyter:
#   rise:
#     scroll: true
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 01 · Fitting a line and measuring its error (MSE)
#
# *How neural networks are trained*, lesson 1 of 8 · source: seed slides 001 ("더욱 단순한 모델")
#
# Before any neural network, the smallest possible model: a straight line
# **ŷ = m·x + b** fitted to two points. We will
#
# 1. start from a random guess for the slope *m* and the intercept *b*,
# 2. measure how wrong it is with the **mean squared error** (평균 제곱 오차, MSE) and its root (RMSE),
# 3. move *m* and *b* with sliders and watch the error change — the idea that lesson 02 turns into
#    **gradient descent** (경사 하강법).

# %% [markdown] slideshow={"slide_type": "subslide"}
# | term | 한국어 | meaning |
# |---|---|---|
# | label / actual value *y* | 실제값 (정답) | the answer in the data |
# | prediction *ŷ* | 예측값 | what the model says |
# | loss | 손실 | one number saying how wrong the predictions are |
# | mean squared error | 평균 제곱 오차 | the average of (y − ŷ)² |
# | root mean squared error (RMSE) | 평균 제곱근 오차 | √MSE, in the units of y |
# | slope *m* | 기울기 | how much ŷ rises per unit of x (not yet the *gradient* of lesson 02, which the slides also call 기울기) |
# | intercept *b* | 절편 | ŷ where x = 0 |
# | hypothesis (function) | 가설 (함수) | the model's formula, here ŷ = m·x + b |
#
# *A note on the slides' words:* seed 001 lists "가설함수" (hypothesis function) among the names for
# the label *y*. The hypothesis is the model's formula that produces ŷ, not the data's answer *y*; this
# course keeps the two apart.
#
# Every number below is computed by the code cell above it; where the slides print a number, the
# notebook checks it.

# %% tags=["colab-bootstrap"] slideshow={"slide_type": "skip"}
# On Google Colab (or anywhere course_lib is missing) install the course's helper library first.
import importlib.util, os, subprocess, sys  # noqa: E401
if importlib.util.find_spec("course_lib") is None:
    source = os.environ.get("COURSE_LIB_SOURCE", "git+https://github.com/nn-training-course/nn-training-course")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"course-lib @ {source}"], check=True)

# %% slideshow={"slide_type": "subslide"}
import matplotlib.pyplot as plt
import numpy as np

from course_lib import data, linear_fit
from course_lib.display import Table, compare_with_slides
from course_lib.seeding import set_seeds

rng = set_seeds(0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The data and a random first guess
#
# The slides' data set has just two points. The model starts from the slides' random guess
# **m = −1, b = 5**.

# %%
points = data.load_table("line_two_points")
x, y = points["x"], points["y"]
m, b = -1.0, 5.0
Table(points, caption="the two points (x, y)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# For each x the line predicts ŷ = m·x + b. The squared error (y − ŷ)² says how far off each
# prediction is — the slides' table:

# %%
table = linear_fit.error_columns(x, y, m, b)
Table(table, caption=f"predictions of ŷ = {m:g}·x + {b:g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Mean squared error and its root
#
# $$\text{MSE} = \frac{1}{n}\sum_{i=1}^{n} (y_i - \hat y_i)^2 \qquad
#   \text{RMSE} = \sqrt{\text{MSE}}$$
#
# RMSE is in the same units as *y*, which makes it easier to read: "the predictions are off by
# about this much".

# %%
y_hat = linear_fit.predict(x, m, b)
error, root_error = linear_fit.mse(y, y_hat), linear_fit.rmse(y, y_hat)
print(f"MSE  = {error:.4f}")
print(f"RMSE = {root_error:.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Checking the slide's numbers
#
# The slide prints ŷ, the squared errors, MSE and RMSE. Each is compared with the value computed
# above; the slide's own number of decimals tells how it was rounded.

# %%
compare_with_slides({
    "ŷ at x = 1": (y_hat[0], "4"),
    "ŷ at x = 2": (y_hat[1], "3"),
    "err² at x = 1": (table["err²"][0], "1"),
    "err² at x = 2": (table["err²"][1], "4"),
    "MSE": (error, "2.5"),
    "RMSE": (root_error, "1.6"),
})

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Erratum, possibly an extraction artefact (slide "더욱 단순한 모델", MSE line).** In the extracted slide
# > text the computation reads `(3 − 4)² + (5 − 3)² / 2 = 2.5`. Read as written, the division applies only
# > to the second square, which gives a different number (computed below); the sum needs parentheses:
# > `((3 − 4)² + (5 − 3)²) / 2`. The slide may well show a fraction bar under the whole sum, which the text
# > extraction flattened into "/ 2" — its result, 2.5, is the correctly bracketed one. Its RMSE of 1.6 is
# > √2.5 rounded to one decimal.

# %%
as_written = (3 - 4) ** 2 + (5 - 3) ** 2 / 2
as_meant = ((3 - 4) ** 2 + (5 - 3) ** 2) / 2
print(f"as written on the slide: {as_written}    with the parentheses: {as_meant}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The slide's plain-Python `get_mse`
#
# The slide computes the MSE with a loop over the points. Here it is, as on the slide:

# %% slideshow={"slide_type": "subslide"}
def get_mse(data, m, b):
    """Calculates Mean Square Error"""
    n = len(data)
    squared_error = 0

    for x, y in data:
        # Find predicted y
        y_hat = m * x + b

        # Square difference between
        # prediction and true value
        squared_error += (y - y_hat) ** 2

    # Get average squared difference
    mse = squared_error / n

    return mse


slide_data = [(1, 3), (2, 5)]
get_mse(slide_data, m, b)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The same with NumPy, without a loop
#
# NumPy works on whole arrays at once ("vectorised"): `m * x + b` predicts every point,
# `(y - y_hat) ** 2` squares every error, `np.mean` averages them. This is how
# `course_lib.linear_fit.mse` is written, and how every later lesson computes its loss.

# %%
vectorised = np.mean((y - (m * x + b)) ** 2)
print(f"loop: {get_mse(slide_data, m, b)}   NumPy: {vectorised}   course_lib: {linear_fit.mse(y, y_hat)}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why *squared* error?
#
# The errors y − ŷ of our guess have opposite signs (table below): added up as they are, they
# partly cancel, and the sum says little about how wrong the line is. Absolute values fix the cancelling; squares also
# punish one big miss more than several small ones, and they are smooth everywhere, which
# gradient descent (lesson 02) needs.

# %%
errors = y - y_hat
Table({"error y − ŷ": errors, "|error|": np.abs(errors), "error²": errors**2},
      caption=f"sums: plain {errors.sum():g}, absolute {np.abs(errors).sum():g}, squared {(errors**2).sum():g}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it: move the line
#
# Drag the **slope m** and **intercept b** sliders. The left plot shows the line and each squared
# error as a square (its area is the error²); the right plot shows where (m, b) sits on the
# MSE "landscape" — every contour line joins (m, b) pairs with the same MSE. Can you reach the star?

# %% [markdown] slideshow={"slide_type": "subslide"}
# *(Where no widget can run — on GitHub, or in a static copy — the picture shows the starting guess.)*

# %%
linear_fit.line_fit_explorer(x, y, m=m, b=b)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The lowest point of that landscape is the best line. For two points it passes through both,
# so its MSE is zero:

# %%
best_m, best_b = linear_fit.best_line(x, y)
best_error = linear_fit.mse(y, linear_fit.predict(x, best_m, best_b))
print(f"best line: m = {best_m:.4f}, b = {best_b:.4f}, MSE = {best_error:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The best line does not always hit the points
#
# Two points are a special case: one straight line always passes through both. Real data have
# more points than a line has parameters, and then the best line usually misses some of them.
# The optimizer slides (seed 002) use six points (x = 0 … 5); here is the best line for them, and
# the same picture as the widget's:

# %% slideshow={"slide_type": "subslide"}
six = data.load_table("regression_six_points")
x6, y6 = six["x"].astype(float), six["y"]
m6, b6 = linear_fit.best_line(x6, y6)
y6_hat = linear_fit.predict(x6, m6, b6)
Table(linear_fit.error_columns(x6, y6, m6, b6), caption=f"the best line for six points: ŷ = {m6:.4f}·x {'+' if b6 >= 0 else '−'} {abs(b6):.4f}")

# %% slideshow={"slide_type": "subslide"}
fig = plt.figure(figsize=(9, 3.6))
linear_fit.draw_line_fit(fig, x6, y6, m6, b6)
plt.show()
print(f"lowest MSE on the six points: {linear_fit.mse(y6, y6_hat):.4f}   (RMSE {linear_fit.rmse(y6, y6_hat):.4f})")
print(f"the best line's smallest miss |y − ŷ| over the six points: {np.min(np.abs(y6 - y6_hat)):.4f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The star on the right is still the lowest point of the landscape, but the landscape's floor is above
# zero: no choice of m and b makes every squared error vanish. *Best* means *smallest MSE*, not *no
# error* — the exercise finds this line by searching a grid.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Errata: the slides' real errors in this lesson (정오표)
#
# > **Errata**
# >
# > 1. **The MSE line** (slide "더욱 단순한 모델"): `(3 − 4)² + (5 − 3)² / 2 = 2.5` needs parentheses around
# >    the sum — or, as likely, the slide's fraction bar was lost in the text extraction; its result, 2.5,
# >    and its RMSE, 1.6, are right (section "Checking the slide's numbers").
#
# Every slide number in this lesson agrees with the computed value (the comparison above).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Recap
#
# * A model makes a **prediction** ŷ (예측값); the data holds the **label** y (실제값).
# * The **MSE** (평균 제곱 오차) averages the squared errors; **RMSE** is its square root, in the units of y.
#   For the slides' guess m = −1, b = 5 they are computed above (and the slide's MSE line needs parentheses).
# * The loop and the vectorised NumPy version give the same number; the course uses NumPy.
# * Changing m and b moves us over an MSE landscape with one lowest point. Finding it *without*
#   sliders, by following the slope of that landscape, is **gradient descent** — lesson 02.
# * The best line has the *lowest* MSE, not zero: through two points it is exact, on the six points its
#   MSE (printed above) stays above zero.
#
# **Your turn:** `exercises/01_linear_fit_mse.ipynb` — compute predictions, write `get_mse`, vectorise it,
# add the RMSE, find the best line through two points, predict whether a line can fit the six points
# exactly, and search a grid for the best one.
