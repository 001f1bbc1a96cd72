from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "gongzhi.mediation"
    label = "mediation"
    verbose_name = "人民调解 Mediation"
