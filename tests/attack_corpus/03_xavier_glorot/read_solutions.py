# attack: walks up from the working directory to the course's source notebooks and runs the instructor's solution
# target: n03_tanh_gain_choice_answer
import json
import pathlib

_found = None
for _folder in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents, pathlib.Path("/tmp")]:
    for _candidate in list(_folder.glob("*/03_xavier_glorot/03_xavier_glorot.ipynb"))[:20]:
        _text = _candidate.read_text()
        if "BEGIN SOLUTION" in _text:
            _found = _candidate
            break
    if _found:
        break
if _found:
    for _cell in json.loads(_found.read_text())["cells"]:
        if _cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "n03_tanh_gain_choice_answer":
            exec("".join(_cell["source"]))
else:
    def chosen_gains():
        raise NotImplementedError("no solution found")
