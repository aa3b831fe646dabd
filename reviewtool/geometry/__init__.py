"""Lines on the pitch: the pitch and its landmarks, calibrations fitted to clicked landmarks,
their tracking across frames, and offside measurements that state their own uncertainty.

numpy and OpenCV only, no Qt: the window clicks and paints; this package fits and measures.
"""

from reviewtool.geometry.calibration import Calibration, calibrate
from reviewtool.geometry.errors import GeometryError
from reviewtool.geometry.offside import OffsideMeasurement, PlayerClicks, measure
from reviewtool.geometry.pitch import Pitch
from reviewtool.geometry.tracking import CalibrationTracker

__all__ = ["Calibration", "CalibrationTracker", "GeometryError", "OffsideMeasurement",
           "Pitch", "PlayerClicks", "calibrate", "measure"]
