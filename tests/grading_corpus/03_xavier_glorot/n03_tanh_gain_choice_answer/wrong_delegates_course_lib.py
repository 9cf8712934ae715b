# wrong: delegates the choice to course_lib.gain.calculate_gain('tanh') (5/3) at every depth
from course_lib.gain import calculate_gain


def chosen_gains():
    return {d: calculate_gain("tanh") for d in (3, 5, 8, 15, 25, 40, 75, 150)}
