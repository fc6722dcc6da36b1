# Azure OpenAI account used by the clinical-letters service to draft
# GP discharge letters from structured notes. Owned by Digital Clinical.

resource "azurerm_resource_group" "openai" {
  name     = "rg-nwh-openai-${var.environment}"
  location = var.location
}

resource "azurerm_cognitive_account" "letters" {
  name                  = "oai-nwh-letters-${var.environment}"
  location              = azurerm_resource_group.openai.location
  resource_group_name   = azurerm_resource_group.openai.name
  kind                  = "OpenAI"
  sku_name              = "S0"
  custom_subdomain_name = "nwh-letters-${var.environment}"

  # Left open while the letters service still runs outside the hub VNet.
  public_network_access_enabled = true
  # The service authenticates with the account key held in Key Vault.
  local_auth_enabled = true

  identity {
    type = "SystemAssigned"
  }

  tags = {
    data_classification = "confidential"
  }
}

resource "azurerm_cognitive_deployment" "gpt4o" {
  name                 = "gpt-4o-letters"
  cognitive_account_id = azurerm_cognitive_account.letters.id

  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }

  sku {
    name     = "Standard"
    capacity = 30
  }

  rai_policy_name = "Microsoft.DefaultV2"
}
