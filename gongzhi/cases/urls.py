from django.urls import path

from gongzhi.cases.views import detail, documents, intake, lists, queue

app_name = "cases"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("intake/", intake.intake, name="intake"),
    path("intake/<str:channel>/", intake.intake, name="intake_channel"),
    path("picker/categories", intake.category_options, name="category_options"),
    path("picker/villages", intake.village_options, name="village_options"),
    path("picker/suggest", intake.suggest, name="suggest"),
    path("list/<str:channel>/", lists.case_list, name="list"),
    path("list/<str:channel>/export.xlsx", lists.case_export, name="export"),
    path("list/<str:channel>/bulk", lists.case_bulk, name="bulk"),
    path("<int:pk>/", detail.case_detail, name="detail"),
    path("<int:pk>/receipt", intake.receipt, name="receipt"),
    path("<int:pk>/do/<str:name>", detail.case_act, name="act"),
    path("<int:pk>/contact", detail.contact, name="contact"),
    path("<int:pk>/print", documents.print_file, name="print"),
    path("<int:pk>/documents/<str:kind>.<str:fmt>", documents.document, name="document"),
    path("attachments/<int:pk>", detail.attachment, name="attachment"),
]
