resource "aws_lambda_function" "appointments" {
  function_name = "nwh-care-navigator-appointments"
  role          = aws_iam_role.appointments_lambda.arn
  runtime       = "python3.12"
  handler       = "appointments.handler"
  # Built by the pipeline from services/appointments-lambda.
  filename         = "${path.module}/build/appointments.zip"
  source_code_hash = filebase64sha256("${path.module}/build/appointments.zip")
  timeout          = 30

  environment {
    variables = {
      TABLE_NAME = "outpatient-appointments"
      LOG_LEVEL  = "INFO"
    }
  }
}

resource "aws_lambda_permission" "bedrock_invoke" {
  statement_id  = "AllowBedrockAgent"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.appointments.function_name
  principal     = "bedrock.amazonaws.com"
  source_arn    = aws_bedrockagent_agent.care_navigator.agent_arn
}
