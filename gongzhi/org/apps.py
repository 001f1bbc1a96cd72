from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "gongzhi.org"
    label = "org"
    verbose_name = "组织 Organisation"
