from django.apps import AppConfig


class KinshipConfig(AppConfig):
    name = "gongzhi.kinship"
    label = "kinship"
    verbose_name = "亲属关系 Kinship"
