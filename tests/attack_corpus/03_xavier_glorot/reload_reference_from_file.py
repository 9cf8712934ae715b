# attack: loads a second, private copy of course_lib.init from its file, out of reach of grading.forbidding
# target: n03_xavier_uniform_answer
import importlib.util

import course_lib.init as _init

_spec = importlib.util.spec_from_file_location("course_lib._private_init", _init.__file__,
                                               submodule_search_locations=None)
_copy = importlib.util.module_from_spec(_spec)
_copy.__package__ = "course_lib"
_spec.loader.exec_module(_copy)


def xavier_uniform(shape, gain=1.0, rng=None):
    return _copy.xavier_uniform(shape, gain=gain, rng=rng)
