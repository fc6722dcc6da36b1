resource "azurerm_log_analytics_workspace" "ai" {
  name                = "log-nwh-ai-${var.environment}"
  location            = azurerm_resource_group.openai.location
  resource_group_name = azurerm_resource_group.openai.name
  sku                 = "PerGB2018"
  retention_in_days   = 90
}

resource "azurerm_monitor_diagnostic_setting" "letters" {
  name                       = "diag-oai-letters"
  target_resource_id         = azurerm_cognitive_account.letters.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.ai.id

  enabled_log {
    category_group = "audit"
  }

  enabled_log {
    category = "RequestResponse"
  }
}
