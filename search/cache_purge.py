"""Search pages cached by portal.page_cache are purged when the index has been written (index
updates run as background tasks, possibly after the publish that caused them)."""

from django_tasks.signals import task_finished

from portal.page_cache import purge

INDEX_TASKS = {"search.tasks.update_index", "search.tasks.apply_synonyms"}


def index_written(sender, task_result, **kwargs):
    if task_result.task.module_path in INDEX_TASKS:
        purge({"/sok/*"})


task_finished.connect(index_written, dispatch_uid="search_cache_purge")
