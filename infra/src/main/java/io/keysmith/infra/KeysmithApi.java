package io.keysmith.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The REST API: {@code POST /} proxied to the function's live alias, AWS_IAM on the method (callers
 * sign for {@code execute-api}), stage throttling, JSON access logs and X-Ray tracing. API Gateway
 * itself rejects a request that has no X-Amz-Target header; the function validates the rest.
 */
public final class KeysmithApi extends Construct {
    private final RestApi api;

    public KeysmithApi(Construct scope, String id, Settings settings, Alias live) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.ONE_YEAR)
                .build();
        api = RestApi.Builder.create(this, "Api")
                .restApiName("keysmith")
                .description("Keysmith: the AWS KMS JSON protocol")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(settings.stageName())
                        .throttlingRateLimit(settings.throttleRate())
                        .throttlingBurstLimit(settings.throttleBurst())
                        .tracingEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .build();
        RequestValidator targetRequired = api.addRequestValidator(
                "TargetRequired",
                RequestValidatorOptions.builder()
                        .validateRequestParameters(true)
                        .validateRequestBody(true)
                        .build());
        // No test-invoke permission: the console's test invocations (stage test-invoke-stage) would be refused anyway.
        api.getRoot()
                .addMethod(
                        "POST",
                        new LambdaIntegration(
                                live,
                                LambdaIntegrationOptions.builder()
                                        .allowTestInvoke(false)
                                        .build()),
                        MethodOptions.builder()
                                .authorizationType(AuthorizationType.IAM)
                                .requestParameters(Map.of("method.request.header.X-Amz-Target", true))
                                .requestValidator(targetRequired)
                                .build());
        NagSuppressions.addResourceSuppressions(
                api,
                List.of(
                        suppression(
                                "AwsSolutions-APIG3",
                                "A WAF web ACL is an organisation's choice; every request "
                                        + "must already carry a valid SigV4 signature of an IAM principal."),
                        suppression(
                                "AwsSolutions-COG4",
                                "Callers are IAM principals (AWS_IAM authorisation), as with AWS KMS; "
                                        + "there are no Cognito users."),
                        suppression(
                                "AwsSolutions-IAM4",
                                "API Gateway's account-level CloudWatch role uses the AWS managed "
                                        + "policy AmazonAPIGatewayPushToCloudWatchLogs, which is what that role is for.")),
                true);
    }

    static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    public RestApi api() {
        return api;
    }
}
