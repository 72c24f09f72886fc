"""Forecasting: link forecasts on temporal knowledge graphs and dyad outlooks on a Tacitus store."""
