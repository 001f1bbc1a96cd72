from django.apps import AppConfig


class DronesConfig(AppConfig):
    name = "gongzhi.drones"
    label = "drones"
    verbose_name = "无人机巡查 Drones"
