resource "azurerm_key_vault" "letters" {
  name                       = "kv-nwh-letters-${var.environment}"
  location                   = azurerm_resource_group.openai.location
  resource_group_name        = azurerm_resource_group.openai.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  rbac_authorization_enabled = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 90

  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
    ip_rules       = ["203.0.113.0/24"]
  }
}

# The account key, copied into Key Vault so the service can read it.
resource "azurerm_key_vault_secret" "openai_key" {
  name         = "openai-letters-key"
  value        = azurerm_cognitive_account.letters.primary_access_key
  key_vault_id = azurerm_key_vault.letters.id
  content_type = "api-key"
}
