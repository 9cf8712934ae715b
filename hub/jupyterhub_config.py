"""JupyterHub configuration for this course: nbgrader's exchange, one formgrader service per course offering.

Start it with ``jupyterhub -f hub/jupyterhub_config.py`` (docs/instructor_guide.md, "On a JupyterHub"). What a
site changes comes from environment variables; each default below is the documented one. tests/test_jupyterhub.py
starts a real hub from this file as it is (it only adds an admin service of its own for its API calls).

Courses (``HUB_COURSES``, JSON): one entry per offering, its course_id as the key::

    {"weight-init-2026": {"directory": "/srv/courses/weight-init-2026", "service_port": 9999,
                          "instructors": ["alice"], "graders": ["bob"], "students": ["s1", "s2"]}}

Each course gets, following nbgrader's "Using nbgrader with JupyterHub" (its multiple-classes set-up):
- a hub service named after the course: ``jupyterhub-singleuser`` run in the course directory, its formgrader at
  ``/services/COURSE/formgrader``, with ``COURSE_ID`` and the gradebook's ``NBGRADER_DB_URL`` in its environment;
- the group ``formgrade-COURSE`` (instructors and graders), whose role grants access to that service, and the
  group ``nbgrader-COURSE`` (students), from which nbgrader's ``JupyterHubAuthPlugin`` learns who takes the course.
"""

import json
import os
import sys

c = get_config()  # noqa: F821  (JupyterHub injects get_config)

IP = os.environ.get("HUB_IP", "127.0.0.1")
STATE = os.environ.get("HUB_STATE_DIR", "/srv/jupyterhub")  # the hub's database, cookie secret, proxy pid
COURSES = json.loads(os.environ.get("HUB_COURSES") or json.dumps({
    "weight-init": {"directory": "/srv/courses/weight-init", "service_port": 9999,
                    "instructors": ["instructor"], "graders": [], "students": []},
}))
# Where the site's nbgrader_config.py (hub/nbgrader_config.py: exchange root, path_includes_course) is found by
# every server: the users', the students' and the formgrader services'.
NBGRADER_CONFIG_DIR = os.environ.get("NBGRADER_CONFIG_DIR", "/etc/jupyter")
# nbgrader's exchange, passed to every server (hub/nbgrader_config.py reads it; its default is the same).
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
# The students' Python: an environment with course_lib from its wheel and no solutions (the guide says how).
STUDENT_PYTHON = os.environ.get("HUB_STUDENT_PYTHON", sys.executable)
COURSE_PYTHON = sys.executable  # instructors, graders and the formgrader services: the course's environment
AS_ROOT = ["--allow-root"] if os.geteuid() == 0 else []  # a single-user server refuses root without it

c.JupyterHub.bind_url = f"http://{IP}:{os.environ.get('HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = IP
c.JupyterHub.hub_port = int(os.environ.get("HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://{IP}:{os.environ.get('HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.environ.get("HUB_PROXY_COMMAND", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")

# Who may log in: PAM (the machine's accounts) by default; "shared-password" takes any listed user with the one
# password HUB_SHARED_PASSWORD (for a test or a demo, never for a class).
c.JupyterHub.authenticator_class = os.environ.get("HUB_AUTHENTICATOR", "pam")
if c.JupyterHub.authenticator_class == "shared-password":
    c.SharedPasswordAuthenticator.user_password = os.environ["HUB_SHARED_PASSWORD"]
members = {kind: sorted({name for course in COURSES.values() for name in course.get(kind, [])})
           for kind in ("instructors", "graders", "students")}
c.Authenticator.allowed_users = set().union(*members.values())
c.Authenticator.admin_users = set(os.environ.get("HUB_ADMINS", "").split()) - {""}

# Where servers run: one process per user as that machine user ("localprocess", default); "simple" runs every
# server as the hub's own user with its home under HUB_HOMES (for a test or a one-person demo).
c.JupyterHub.spawner_class = os.environ.get("HUB_SPAWNER", "localprocess")
if c.JupyterHub.spawner_class == "simple":
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(os.environ.get("HUB_HOMES", "/tmp/hub-homes"),
                                                                 "{username}")
c.Spawner.args = AS_ROOT
c.Spawner.environment = {"NBGRADER_EXCHANGE": EXCHANGE,
                         "JUPYTER_CONFIG_PATH": os.pathsep.join([NBGRADER_CONFIG_DIR,
                                                                 os.path.join(sys.prefix, "etc", "jupyter")])}
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90


def pre_spawn_hook(spawner):
    """A student's server runs the students' Python (course_lib's wheel, no solutions); staff the course's."""
    staff = spawner.user.name in members["instructors"] + members["graders"]
    spawner.cmd = [COURSE_PYTHON if staff else STUDENT_PYTHON, "-m", "jupyterhub.singleuser"]
    if not staff:  # a student's server has the assignment list and validation, not the formgrader
        spawner.args = [*AS_ROOT, "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False"]
        # nbgrader names a submission after the machine user; with "simple" every server runs as the hub's
        # user, so name it after the hub user (hub/nbgrader_config.py reads this; same name with real accounts)
        spawner.environment = {**spawner.environment, "NBGRADER_STUDENT_ID": spawner.user.name}


c.Spawner.pre_spawn_hook = pre_spawn_hook

# The formgrader of each course, as a hub service; groups and roles decide who reaches it.
c.JupyterHub.services = []
c.JupyterHub.load_groups = {}
c.JupyterHub.load_roles = [
    # a user's server acts with its user's permissions: nbgrader's JupyterHubAuthPlugin, in a student's server,
    # reads the student's own groups to list the courses they take
    {"name": "server", "scopes": ["inherit"]},
]
SERVICE_WITHOUT = ["jupyterlab", "notebook", "notebook_shim", "jupyter_lsp", "jupyterlab_jupytext",
                   "jupyter_server_terminals", "nbgrader.server_extensions.assignment_list",
                   "nbgrader.server_extensions.course_list", "nbgrader.server_extensions.validate_assignment"]
for course_id, course in COURSES.items():
    # the account the formgrader acts as (nbgrader asks the hub for its groups): a hub user in formgrade-COURSE
    # that nobody logs in as (it is not in allowed_users)
    service_user = course.get("service_user", f"grader-{course_id}")
    c.JupyterHub.services.append({
        "name": course_id,
        "url": f"http://{IP}:{course['service_port']}",
        # the formgrader alone: the hub gives a managed service about 10 s to answer, and JupyterLab's
        # extensions would take most of that on a busy machine
        "command": [COURSE_PYTHON, "-m", "jupyterhub.singleuser", *AS_ROOT,
                    *(f"--ServerApp.jpserver_extensions={name}=False" for name in SERVICE_WITHOUT)],
        "cwd": course["directory"],
        "environment": {
            "COURSE_ID": course_id,
            "JUPYTERHUB_USER": service_user,
            **c.Spawner.environment,
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            **({"NBGRADER_DB_URL": course["db_url"]} if course.get("db_url") else {}),
        },
        "oauth_no_confirm": True,
    })
    c.JupyterHub.load_groups[f"formgrade-{course_id}"] = {"users": [*course.get("instructors", []),
                                                                    *course.get("graders", []), service_user]}
    c.JupyterHub.load_groups[f"nbgrader-{course_id}"] = {"users": course.get("students", [])}
    c.JupyterHub.load_roles += [
        {"name": f"formgrade-{course_id}", "groups": [f"formgrade-{course_id}"],
         "scopes": [f"access:services!service={course_id}"]},
        # the service reads who is in which course group (collect checks that a submitter takes the course)
        {"name": f"service-{course_id}", "services": [course_id],
         "scopes": ["list:users", "read:users:name", "read:users:groups", f"read:groups!group=nbgrader-{course_id}",
                    f"groups!group=nbgrader-{course_id}"]},
    ]
