"""Search pages kept by portal.page_cache are purged by the index writes that change them: the
database backend purges the pages whose words the entries it wrote match (``search.page_tags``).
Here, once a background task has written every backend, the pages answered by another backend
(Elasticsearch, which analyses text itself: they depend on any write) are purged, and every
search page after new synonyms."""

from django_tasks.signals import task_finished

from portal.page_cache import purge

from .page_tags import ANY_WRITE, SEARCH_PATHS, database_answers

INDEX_TASKS = {"search.tasks.update_index", "search.tasks.extract_document_text"}
SYNONYM_TASKS = {"search.tasks.apply_synonyms"}


def index_written(sender, task_result, **kwargs):
    if task_result.task.module_path in INDEX_TASKS and not database_answers():
        purge({ANY_WRITE})
    elif task_result.task.module_path in SYNONYM_TASKS:
        purge({SEARCH_PATHS})


task_finished.connect(index_written, dispatch_uid="search_cache_purge")
