"""Groups, permissions and the review workflow for agreements.

Used by a data migration (with historical models) and again whenever an agreement index page
is created, since on a fresh database the index does not exist yet when migrations run.
"""

EDITORS = "Redaktör"
REVIEWERS = "Granskare"
WORKFLOW_NAME = "Granskning av överenskommelser"
TASK_NAME = "Granskare godkänner"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
COLLECTION_PERMISSIONS = {
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
    "wagtailimages": ["add_image", "change_image", "choose_image"],
}


def ensure_groups(apps):
    """The two groups with admin access and document/image permissions on the root
    collection; returns (editors, reviewers)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    quota_ct, _ = ContentType.objects.get_or_create(app_label="agreements", model="settlementquota")
    quota_permissions = []
    for action in ("add", "change", "delete", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=quota_ct,
            codename=f"{action}_settlementquota",
            defaults={"name": f"Can {action} settlement quota"},
        )
        quota_permissions.append(permission)
    root_collection = Collection.objects.filter(depth=1).first()
    for group in (editors, reviewers):
        group.permissions.add(access_admin, *quota_permissions)
        if root_collection is None:
            continue
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            model = "document" if app_label == "wagtaildocs" else "image"
            ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for codename in codenames:
                permission = Permission.objects.filter(content_type=ct, codename=codename).first()
                if permission is None:
                    permission = Permission.objects.create(
                        content_type=ct, codename=codename, name=codename.replace("_", " ")
                    )
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    return editors, reviewers


def ensure_workflow(apps, reviewers):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_ct, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_ct, active=True)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def ensure_page_setup(apps, page_id):
    """Page permissions for both groups and the workflow on the agreement index."""
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")

    editors, reviewers = ensure_groups(apps)
    workflow = ensure_workflow(apps, reviewers)
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (reviewers, REVIEWER_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            permission = Permission.objects.filter(content_type=page_ct, codename=codename).first()
            if permission is None:
                continue
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission
            )
    if not WorkflowPage.objects.filter(page_id=page_id).exists():
        WorkflowPage.objects.create(page_id=page_id, workflow=workflow)


def setup_all(apps):
    editors, reviewers = ensure_groups(apps)
    ensure_workflow(apps, reviewers)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    index_ct = ContentType.objects.filter(
        app_label="agreements", model="agreementindexpage"
    ).first()
    if index_ct is not None:
        for page_id in Page.objects.filter(content_type=index_ct).values_list("id", flat=True):
            ensure_page_setup(apps, page_id)


def teardown_all(apps):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()
    Group.objects.filter(name__in=[EDITORS, REVIEWERS]).delete()
