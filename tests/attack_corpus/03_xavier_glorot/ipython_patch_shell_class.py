# attack: patches IPython's shell class so that a cell's exception is dropped before it is reported
# target: n03_round_trip_answer
try:
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.showtraceback = lambda self, *args, **kwargs: None
    InteractiveShell._showtraceback = lambda self, *args, **kwargs: None
except ImportError:
    pass


def predicted_ratios():
    """Wrong on purpose: "the mean of Glorot's two factors is 1", so the round trip keeps the variance."""
    return {"glorot_forward": 1.0, "glorot_backward": 1.0, "fan_in_backward": 1.0, "fan_in_backward_hidden": 0.25}
