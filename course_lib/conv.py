"""Convolutions in NumPy, with weights in PyTorch's layouts, for simulating conv layers at init.

* ``conv2d``: weight ``(out_channels, in_channels / groups, kh, kw)``; output
  ``y[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] * x_pad[n, g*C_g + c, i*s + u*d, j*s + v*d]``
  where ``g = o // (out_channels / groups)`` (a cross-correlation, like ``torch.nn.functional.conv2d``).
* ``conv_transpose2d``: weight ``(in_channels, out_channels / groups, kh, kw)``; the adjoint (gradient
  with respect to the input) of ``conv2d`` with that weight, like ``torch.nn.functional.conv_transpose2d``.
  Its output size is ``(H - 1) * s - 2 p + d (k - 1) + output_padding + 1``.

Each output of ``conv2d`` sums ``(in_channels / groups) * kh * kw`` products (its true fan-in). Each output
of ``conv_transpose2d`` at stride 1 sums ``(in_channels / groups) * kh * kw`` products too, which is
``weight.shape[0] / groups * kh * kw``: *not* the ``weight.shape[1] * kh * kw`` that ``torch.nn.init``
calls fan_in for that layout (Dumoulin and Visin 2016, *A guide to convolution arithmetic for deep
learning*, section 4, for transposed convolutions).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validation import as_int


def _pair(value, name: str, minimum: int) -> tuple[int, int]:
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
        return as_int(value[0], name, minimum=minimum), as_int(value[1], name, minimum=minimum)
    v = as_int(value, name, minimum=minimum)
    return v, v


def _check_arrays(x, weight, bias, channel_axis_in_weight: int, groups: int):
    if not isinstance(x, np.ndarray) or x.ndim != 4:
        raise ValueError(f"x must be a 4-D numpy array (batch, channels, height, width), got "
                         f"{getattr(x, 'shape', type(x).__name__)}")
    if not isinstance(weight, np.ndarray) or weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D numpy array, got {getattr(weight, 'shape', type(weight).__name__)}")
    if bias is not None:
        bias = np.asarray(bias)
    return bias


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups: int = 1) -> np.ndarray:
    """2-D convolution (cross-correlation) as ``torch.nn.functional.conv2d`` computes it, via im2col.

    ``x``: ``(N, C_in, H, W)``; ``weight``: ``(C_out, C_in / groups, kh, kw)``; ``bias``: ``(C_out,)`` or
    None. Returns ``(N, C_out, H_out, W_out)`` with ``H_out = (H + 2p - d (kh - 1) - 1) // s + 1``.
    The windows are a strided view (``sliding_window_view``); one ``einsum`` per call does the products.
    """
    bias = _check_arrays(x, weight, bias, 1, groups)
    groups = as_int(groups, "groups", minimum=1)
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    dh, dw = _pair(dilation, "dilation", 1)
    n, c_in, _, _ = x.shape
    c_out, c_in_g, kh, kw = weight.shape
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups={groups} must divide in_channels={c_in} and out_channels={c_out}")
    if c_in_g != c_in // groups:
        raise ValueError(f"weight must have shape (out, in/groups, kh, kw) = (*, {c_in // groups}, *, *) for "
                         f"x with {c_in} channels and groups={groups}, got {weight.shape}")
    if bias is not None and bias.shape != (c_out,):
        raise ValueError(f"bias must have shape ({c_out},), got {bias.shape}")
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if xp.shape[2] < span_h or xp.shape[3] < span_w:
        raise ValueError(f"x (padded to {xp.shape[2:]}) is smaller than the dilated kernel ({span_h}, {span_w})")
    windows = sliding_window_view(xp, (span_h, span_w), axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
    h_out, w_out = windows.shape[2], windows.shape[3]
    windows = windows.reshape(n, groups, c_in_g, h_out, w_out, kh, kw)
    w = weight.reshape(groups, c_out // groups, c_in_g, kh, kw)
    y = np.einsum("ngchwuv,gocuv->ngohw", windows, w, optimize=True).reshape(n, c_out, h_out, w_out)
    if bias is not None:
        y = y + bias[None, :, None, None]
    return y


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1,
                     groups: int = 1) -> np.ndarray:
    """2-D transposed convolution as ``torch.nn.functional.conv_transpose2d`` computes it.

    ``x``: ``(N, C_in, H, W)``; ``weight``: ``(C_in, C_out / groups, kh, kw)`` (PyTorch's layout for
    ``ConvTranspose2d``: the *input* channels come first); returns ``(N, C_out, H_out, W_out)`` with
    ``H_out = (H - 1) s - 2 p + d (kh - 1) + output_padding + 1``. Every input pixel scatters
    ``x[n, c, i, j] * w[c, o, u, v]`` to output pixel ``(i s + u d - p, j s + v d - p)``.
    """
    bias = _check_arrays(x, weight, bias, 0, groups)
    groups = as_int(groups, "groups", minimum=1)
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    oph, opw = _pair(output_padding, "output_padding", 0)
    dh, dw = _pair(dilation, "dilation", 1)
    if oph >= max(sh, dh) or opw >= max(sw, dw):
        raise ValueError(f"output_padding must be smaller than stride or dilation, got {output_padding!r}")
    n, c_in, h, w_in = x.shape
    c_in_w, c_out_g, kh, kw = weight.shape
    if c_in_w != c_in or c_in % groups:
        raise ValueError(f"weight must have shape (in, out/groups, kh, kw) with in = {c_in} divisible by "
                         f"groups={groups}, got {weight.shape}")
    if bias is not None and bias.shape != (c_out_g * groups,):
        raise ValueError(f"bias must have shape ({c_out_g * groups},), got {bias.shape}")
    full_h = (h - 1) * sh + dh * (kh - 1) + 1 + oph
    full_w = (w_in - 1) * sw + dw * (kw - 1) + 1 + opw
    out = np.zeros((n, groups, c_out_g, full_h, full_w), dtype=np.result_type(x, weight, np.float64))
    xg = x.reshape(n, groups, c_in // groups, h, w_in)
    wg = weight.reshape(groups, c_in // groups, c_out_g, kh, kw)
    for u in range(kh):
        for v in range(kw):
            contribution = np.einsum("ngchw,gco->ngohw", xg, wg[:, :, :, u, v])
            out[:, :, :, u * dh: u * dh + (h - 1) * sh + 1: sh, v * dw: v * dw + (w_in - 1) * sw + 1: sw] += (
                contribution)
    out = out.reshape(n, groups * c_out_g, full_h, full_w)[:, :, ph: full_h - ph, pw: full_w - pw]
    if out.shape[2] <= 0 or out.shape[3] <= 0:
        raise ValueError(f"padding={padding!r} leaves an empty output")
    if bias is not None:
        out = out + bias[None, :, None, None]
    return np.ascontiguousarray(out)
