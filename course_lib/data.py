"""Real data without a download: scikit-learn's 8x8 handwritten digits, split and standardized.

``sklearn.datasets.load_digits`` ships with scikit-learn (1,797 grey-level images of 8x8 pixels with values
0..16, ten classes of about 180 images each; Alpaydin & Kaynak 1998, the UCI "Optical Recognition of
Handwritten Digits" test set). scikit-learn is imported only inside :func:`load_digits`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from ._validation import as_real, as_rng


@dataclass(frozen=True, eq=False)
class DigitsSplit:
    """A train/test split of the digits: ``x_*`` of shape ``(n, 64)`` float64, ``y_*`` int64 labels 0..9.

    ``pixel_mean`` and ``pixel_std`` are the per-pixel training statistics used by the standardization
    (zeros and ones when ``standardize=False``).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int = 10
    image_shape: tuple[int, int] = (8, 8)
    pixel_mean: np.ndarray = field(default_factory=lambda: np.zeros(64))
    pixel_std: np.ndarray = field(default_factory=lambda: np.ones(64))

    @property
    def n_features(self) -> int:
        return self.x_train.shape[1]

    @property
    def n_train(self) -> int:
        return self.x_train.shape[0]

    @property
    def n_test(self) -> int:
        return self.x_test.shape[0]


@functools.cache
def _raw_digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits as sklearn_load_digits

    bunch = sklearn_load_digits()
    x = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.int64)
    x.flags.writeable = False
    y.flags.writeable = False
    return x, y


def stratified_split(labels, test_fraction: float, rng=0) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)``: within each class, ``round(test_fraction * n_c)`` random examples go to test.

    Each class keeps its proportion in both parts (up to rounding). Both index arrays are shuffled, so that
    neither part is sorted by class. Raises ``ValueError`` if some class would leave a part empty.
    """
    test_fraction = as_real(test_fraction, "test_fraction")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}")
    labels = np.asarray(labels)
    rng = as_rng(rng)
    train, test = [], []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        n_test = int(round(test_fraction * members.size))
        if n_test == 0 or n_test == members.size:
            raise ValueError(f"test_fraction={test_fraction} leaves class {c} ({members.size} examples) with an "
                             "empty train or test part")
        members = rng.permutation(members)
        test.append(members[:n_test])
        train.append(members[n_test:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def load_digits(*, test_fraction: float = 0.25, rng=0, standardize: bool = True) -> DigitsSplit:
    """The 1,797 digits split into train and test, stratified by class and seeded (same ``rng`` -> same split).

    Pixels are float64. ``standardize=True`` maps pixel ``j`` to ``(x_j - mu_j) / s_j`` with the TRAIN
    mean ``mu_j`` and std ``s_j`` (the test part uses the same statistics, so nothing of the test set leaks
    into the preprocessing); pixels constant over the training set (some border pixels are always 0) get
    ``s_j = 1``. With the default ``test_fraction=0.25``: 1,347 training and 450 test images.
    """
    if not isinstance(standardize, (bool, np.bool_)):
        raise TypeError(f"standardize must be a bool, got {standardize!r}")
    x, y = _raw_digits()
    train, test = stratified_split(y, test_fraction, rng)
    x_train, x_test = x[train], x[test]
    mean, std = np.zeros(x.shape[1]), np.ones(x.shape[1])
    if standardize:
        mean = x_train.mean(axis=0)
        std = x_train.std(axis=0)
        std[std == 0] = 1.0
        x_train = (x_train - mean) / std
        x_test = (x_test - mean) / std
    return DigitsSplit(x_train=x_train, y_train=y[train].copy(), x_test=x_test, y_test=y[test].copy(),
                       n_classes=10, image_shape=(8, 8), pixel_mean=mean, pixel_std=std)
