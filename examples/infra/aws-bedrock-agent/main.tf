# Care Navigator: a Bedrock agent that answers patient questions about
# appointments and clinic information, and can book or move appointments
# through the "appointments" action group (Lambda).
#
# TODO(PX-1182): attach the clinical-safety guardrail once the content team
# signs off the denied-topics list. Until then the agent runs without one.

resource "aws_bedrockagent_agent" "care_navigator" {
  agent_name                  = "nwh-care-navigator-${var.environment}"
  agent_resource_role_arn     = aws_iam_role.care_navigator.arn
  foundation_model            = var.foundation_model
  customer_encryption_key_arn = aws_kms_key.care_navigator.arn
  idle_session_ttl_in_seconds = 1800
  prepare_agent               = true

  instruction = <<-EOT
    You are the Northwind Health care navigator. Help patients find clinic
    information, and book, move or cancel their own appointments. Never give
    clinical advice; direct the patient to 111 or their GP instead.
  EOT

  memory_configuration {
    enabled_memory_types = ["SESSION_SUMMARY"]
    storage_days         = 30
  }
}

resource "aws_bedrockagent_agent_action_group" "appointments" {
  action_group_name          = "appointments"
  agent_id                   = aws_bedrockagent_agent.care_navigator.agent_id
  agent_version              = "DRAFT"
  description                = "Look up, book, move and cancel outpatient appointments."
  skip_resource_in_use_check = true

  # The Lambda runs the action directly; nothing asks the patient to confirm.
  action_group_executor {
    lambda = aws_lambda_function.appointments.arn
  }

  api_schema {
    payload = file("${path.module}/schemas/appointments-openapi.json")
  }
}

resource "aws_bedrockagent_agent_knowledge_base_association" "clinic_guides" {
  agent_id             = aws_bedrockagent_agent.care_navigator.agent_id
  description          = "Clinic leaflets, opening hours and discharge guides."
  knowledge_base_id    = aws_bedrockagent_knowledge_base.clinic_guides.id
  knowledge_base_state = "ENABLED"
}

resource "aws_bedrockagent_agent_alias" "live" {
  agent_alias_name = "live"
  agent_id         = aws_bedrockagent_agent.care_navigator.agent_id
  description      = "Alias the patient portal calls."
}
