"""Category classifier for smart intake (智能分类): train, evaluate, predict, suggest.

- ``model``: the pipeline (dictionary words + character n-grams → calibrated linear SVM) and
  cross-validation.
- ``training``: examples from the instance's answered cases (corrections included) or a CSV.
- ``store``: versioned model files with a metadata JSON, loaded once per process.
- ``rules``: the rule-based fallback (category names found in the text).
- ``suggest``: the suggestion the intake form shows, with ``source`` "model" or "rules".

Writes (training registers a model, activation) are in ``gongzhi.routing.services``; the
suggestion is read through ``gongzhi.routing.selectors``.
"""
