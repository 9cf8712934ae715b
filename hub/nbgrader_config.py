"""The site's nbgrader configuration on a JupyterHub: put it in every server's config path.

hub/jupyterhub_config.py puts ``NBGRADER_CONFIG_DIR`` (default ``/etc/jupyter``) first in ``JUPYTER_CONFIG_PATH``
of the users' servers and of the formgrader services: copy this file there. A course directory's own
``nbgrader_config.py`` (the repository's) is read after it, in the formgrader's working directory.
"""

import os

c = get_config()  # noqa: F821  (nbgrader injects get_config)

# One exchange for every course of the hub: ROOT/COURSE_ID/{outbound,inbound,feedback}.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True  # a student's copy goes to ~/COURSE_ID/ASSIGNMENT: several courses coexist
# Who takes which course: the hub's groups nbgrader-COURSE_ID (students) and formgrade-COURSE_ID (staff).
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"

# The offering: set per formgrader service (hub/jupyterhub_config.py sets COURSE_ID to the service's name);
# unset in a student's server, which then lists every course the student takes.
if os.environ.get("COURSE_ID"):
    c.CourseDirectory.course_id = os.environ["COURSE_ID"]
# The course's gradebook, e.g. postgresql+psycopg2://grader@db-host/weight_init_2026 (default: gradebook.db).
if os.environ.get("NBGRADER_DB_URL"):
    c.CourseDirectory.db_url = os.environ["NBGRADER_DB_URL"]
# A student's own id in the exchange (set by hub/jupyterhub_config.py in each student's server): nbgrader's
# default, the machine user's name, is the same with real accounts but not when servers share one account.
if os.environ.get("NBGRADER_STUDENT_ID"):
    c.CourseDirectory.student_id = os.environ["NBGRADER_STUDENT_ID"]
